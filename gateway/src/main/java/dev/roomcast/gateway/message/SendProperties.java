package dev.roomcast.gateway.message;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What a client may send over STOMP.
 *
 * @param membershipWait how long a send or subscribe waits for a room snapshot that makes
 * the user a member (a room created a moment ago)
 * @param rateLimit the per-user send rate limit
 */
@Validated
@ConfigurationProperties("roomcast.gateway.send")
public record SendProperties(@NotNull @DefaultValue("1s") Duration membershipWait,
		@Valid @NotNull @DefaultValue RateLimit rateLimit) {

	/**
	 * A token bucket per user: {@code capacity} sends at once, refilled at
	 * {@code capacity} per {@code period}.
	 *
	 * @param capacity the burst size and the sends per period
	 * @param period the refill period
	 */
	public record RateLimit(@Min(1) @DefaultValue("20") long capacity, @NotNull @DefaultValue("1s") Duration period) {

	}

}
