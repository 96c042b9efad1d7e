package dev.roomcast.testsupport.integration;

import dev.roomcast.testsupport.http.HttpProbe;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service shows its operators, checked on the running context: health UP
 * against the real servers, and Prometheus metrics tagged with the application's name,
 * both on the management port and never on the public one. One
 * {@link RoomcastIntegrationTest} class per service implements it.
 */
public interface OperatorEndpointChecks {

	@Test
	default void isHealthyAgainstTheRealServers(@LocalManagementPort int managementPort) {
		HttpProbe.Response health = HttpProbe.get(managementPort, "/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
	}

	@Test
	default void exposesPrometheusMetricsTaggedWithTheApplication(@LocalManagementPort int managementPort,
			@Value("${spring.application.name}") String application) {
		HttpProbe.Response scrape = HttpProbe.get(managementPort, "/actuator/prometheus");
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.body()).contains("jvm_memory_used_bytes").contains("application=\"" + application + "\"");
	}

	@Test
	default void servesNoActuatorOnThePublicPort(@LocalServerPort int port, @LocalManagementPort int managementPort) {
		assertThat(managementPort).isNotEqualTo(port);
		for (String path : new String[] { "/actuator", "/actuator/health", "/actuator/prometheus", "/actuator/info",
				"/actuator/env" }) {
			assertThat(HttpProbe.get(port, path).status()).as(path).isIn(401, 403, 404);
			assertThat(HttpProbe.get(port, path).body()).as(path).doesNotContain("jvm_memory").doesNotContain("\"UP\"");
		}
	}

}
