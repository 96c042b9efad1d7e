package dev.roomcast.account;

import dev.roomcast.testsupport.http.HttpProbe;
import dev.roomcast.testsupport.servers.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccountApplicationIntegrationTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		TestInfrastructure.register("roomcast-accounts", registry::add);
	}

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
		assertThat(scrape.body()).contains("jvm_memory_used_bytes").contains("application=\"account-service\"");
	}

}
