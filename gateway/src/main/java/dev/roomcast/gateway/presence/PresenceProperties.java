package dev.roomcast.gateway.presence;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Presence: who is online, away or offline across all gateway instances.
 *
 * @param idleAfter a user whose open sockets sent no frame (heart-beats aside) for this
 * long is away
 * @param heartbeatInterval how often this instance renews its heart-beat key in Redis,
 * re-checks idle users and sweeps dead instances
 * @param heartbeatTtl how long the heart-beat key lives unrenewed: an instance killed
 * without a shutdown counts as dead this long after its last heart-beat, and its users go
 * offline at the next sweep of a surviving instance, so within
 * {@code heartbeatTtl + heartbeatInterval}
 */
@Validated
@ConfigurationProperties("roomcast.gateway.presence")
public record PresenceProperties(@NotNull @DefaultValue("5m") Duration idleAfter,
		@NotNull @DefaultValue("5s") Duration heartbeatInterval, @NotNull @DefaultValue("15s") Duration heartbeatTtl) {

}
