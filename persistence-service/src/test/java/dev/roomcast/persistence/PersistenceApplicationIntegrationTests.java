package dev.roomcast.persistence;

import dev.roomcast.testsupport.http.HttpProbe;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

class PersistenceApplicationIntegrationTests extends PersistenceIntegrationTestSupport {

	@LocalServerPort
	int port;

	@Test
	void isHealthyAgainstTheRealServers() {
		HttpProbe.Response health = HttpProbe.get(this.port, "/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
	}

	@Test
	void exposesPrometheusMetricsTaggedWithTheApplication() {
		HttpProbe.Response scrape = HttpProbe.get(this.port, "/actuator/prometheus");
		assertThat(scrape.status()).isEqualTo(200);
		assertThat(scrape.body()).contains("jvm_memory_used_bytes").contains("application=\"persistence-service\"");
	}

}
