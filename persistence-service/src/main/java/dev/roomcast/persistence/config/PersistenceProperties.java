package dev.roomcast.persistence.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of persistence-service.
 *
 * @param membershipWait how long a history request from an apparent non-member waits for
 * the room directory to catch up before it is refused
 */
@Validated
@ConfigurationProperties("roomcast.persistence")
public record PersistenceProperties(@DefaultValue("500ms") @NotNull Duration membershipWait) {

}
