package dev.roomcast.kafka;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings every service that reads Kafka shares.
 *
 * @param directoryStartupTimeout how long start-up waits for the room directory to read
 * {@code account.rooms} up to its end before the service goes on with what it has (and a
 * warning)
 * @param retryInterval the pause between attempts to handle a record (or batch) that
 * failed
 * @param retryAttempts the retries of a failing record before it is dead-lettered (a
 * poison record of a consumer group) or skipped (a reader without a group); a failure
 * that is not the record's own is retried by a consumer group until it passes
 */
@Validated
@ConfigurationProperties("roomcast.kafka")
public record RoomcastKafkaProperties(@DefaultValue("60s") @NotNull Duration directoryStartupTimeout,
		@DefaultValue("200ms") @NotNull Duration retryInterval, @DefaultValue("3") @Min(0) int retryAttempts) {

}
