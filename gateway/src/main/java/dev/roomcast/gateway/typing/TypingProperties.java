package dev.roomcast.gateway.typing;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The typing indicator.
 *
 * @param interval at most one typing signal per user and room is forwarded per interval;
 * the others are dropped (clients send one per interval while the user types)
 */
@Validated
@ConfigurationProperties("roomcast.gateway.typing")
public record TypingProperties(@NotNull @DefaultValue("2s") Duration interval) {

}
