package dev.roomcast.persistence.config;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of persistence-service.
 *
 * @param membershipWait how long a history request from an apparent non-member waits for
 * the room directory to catch up before it is refused
 * @param directoryStartupTimeout how long start-up waits for the room directory to read
 * {@code account.rooms} up to its end
 * @param retryInterval the pause between attempts to store a batch that failed
 * @param retryAttempts the retries of a failing batch before a poison record goes to the
 * dead-letter topic (a MongoDB outage is retried until it ends: it never dead-letters)
 */
@Validated
@ConfigurationProperties("roomcast.persistence")
public record PersistenceProperties(@DefaultValue("500ms") @NotNull Duration membershipWait,
		@DefaultValue("60s") @NotNull Duration directoryStartupTimeout,
		@DefaultValue("200ms") @NotNull Duration retryInterval, @DefaultValue("3") @Min(0) int retryAttempts) {

}
