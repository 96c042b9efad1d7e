package dev.roomcast.chat.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of chat-service.
 *
 * @param maxTextLength the longest accepted text, in characters (code points)
 * @param membershipWait how long a message from an apparent non-member waits for the room
 * directory to catch up before it is rejected
 * @param directoryStartupTimeout how long start-up waits for the room directory to read
 * {@code account.rooms} up to its end before ordering starts
 * @param instanceId the static group member id of this instance
 * ({@code group.instance.id} of its stream threads); blank for
 * {@code <host>-<server.port>}, or dynamic membership when the server port is random
 */
@Validated
@ConfigurationProperties("roomcast.chat")
public record ChatProperties(@DefaultValue("4000") @Min(1) @Max(1_000_000) int maxTextLength,
		@DefaultValue("1s") @NotNull Duration membershipWait,
		@DefaultValue("60s") @NotNull Duration directoryStartupTimeout, String instanceId) {

}
