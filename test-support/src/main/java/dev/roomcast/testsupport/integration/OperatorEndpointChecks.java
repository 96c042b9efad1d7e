package dev.roomcast.testsupport.integration;

import dev.roomcast.testsupport.http.HttpProbe;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service shows its operators, checked on the running context: health UP
 * against the real servers, and Prometheus metrics tagged with the application's name.
 * One {@link RoomcastIntegrationTest} class per service implements it.
 */
public interface OperatorEndpointChecks {

	@Test
	default void isHealthyAgainstTheRealServers(@LocalServerPort int port) {
		HttpProbe.Response health = HttpProbe.get(port, "/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
	}

	@Test
	default void exposesPrometheusMetricsTaggedWithTheApplication(@LocalServerPort int port,
			@Value("${spring.application.name}") String application) {
		HttpProbe.Response scrape = HttpProbe.get(port, "/actuator/prometheus");
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.body()).contains("jvm_memory_used_bytes").contains("application=\"" + application + "\"");
	}

}
