package dev.roomcast.account.auth;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Failed-login limits. Each failure takes a token from the account's bucket and from the
 * client address's bucket; an empty bucket answers 429 until it refills at the end of the
 * window.
 *
 * @param failuresPerAccount failed logins allowed per username per window
 * @param failuresPerAddress failed logins allowed per client address per window
 * @param window the refill period
 * @param trackedKeys how many accounts and addresses are remembered (least recently used
 * are forgotten), which bounds memory under a spray of names
 */
@Validated
@ConfigurationProperties("roomcast.account.login")
record LoginLimitProperties(@DefaultValue("10") @Min(1) int failuresPerAccount,
		@DefaultValue("30") @Min(1) int failuresPerAddress, @DefaultValue("15m") @NotNull Duration window,
		@DefaultValue("100000") @Min(100) int trackedKeys) {
}
