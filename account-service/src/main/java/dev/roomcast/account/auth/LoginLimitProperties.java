package dev.roomcast.account.auth;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Failed-login limits, shared by every instance through Redis. Each failure takes a token
 * from the bucket of (account, client address) and from the client address's bucket; an
 * empty bucket answers 429 until it refills at the end of the window.
 *
 * @param failuresPerAccount failed logins allowed per username from one client address
 * per window (failures from other addresses do not count)
 * @param failuresPerAddress failed logins allowed per client address per window, whatever
 * the usernames
 * @param window the refill period
 */
@Validated
@ConfigurationProperties("roomcast.account.login")
record LoginLimitProperties(@DefaultValue("10") @Min(1) int failuresPerAccount,
		@DefaultValue("30") @Min(1) int failuresPerAddress, @DefaultValue("15m") @NotNull Duration window) {
}
