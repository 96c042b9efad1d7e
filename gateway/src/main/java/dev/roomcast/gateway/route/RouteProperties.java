package dev.roomcast.gateway.route;

import java.net.URI;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where {@code /api/**} goes.
 *
 * @param accountServiceUrl base URL of account-service (auth, users, contacts, rooms)
 * @param persistenceServiceUrl base URL of persistence-service (message history)
 */
@Validated
@ConfigurationProperties("roomcast.gateway.routes")
record RouteProperties(@DefaultValue("http://localhost:8081") @NotNull URI accountServiceUrl,
		@DefaultValue("http://localhost:8083") @NotNull URI persistenceServiceUrl) {
}
