package dev.roomcast.chat.signing;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often chat-service signs each room's chain head.
 *
 * @param everyEvents sign a room's head at the latest after this many of its events
 * @param every sign every room whose head moved since its last signature this often
 */
@Validated
@ConfigurationProperties("roomcast.chat.signing")
public record HeadSigningProperties(@DefaultValue("100") @Min(1) int everyEvents,
		@DefaultValue("10s") @NotNull Duration every) {

}
