package dev.roomcast.chat.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of chat-service.
 *
 * @param membershipWait how long a message from an apparent non-member waits for the room
 * directory to catch up before it is rejected
 * @param instanceId the static group member id of this instance
 * ({@code group.instance.id} of its stream threads); blank for
 * {@code <host>-<server.port>}, or dynamic membership when the server port is random
 * @param editWindow how long after it was sent its sender may edit a message (deleting is
 * allowed at any time)
 */
@Validated
@ConfigurationProperties("roomcast.chat")
public record ChatProperties(@DefaultValue("1s") @NotNull Duration membershipWait, String instanceId,
		@DefaultValue("24h") @NotNull Duration editWindow) {

}
