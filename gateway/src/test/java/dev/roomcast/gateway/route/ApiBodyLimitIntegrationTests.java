package dev.roomcast.gateway.route;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.roomcast.testsupport.http.HttpProbe;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway refuses an oversized API body itself, before proxying any of it.
 */
@RoomcastIntegrationTest
class ApiBodyLimitIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void aTwoMegabyteLoginBodyIsRefusedWith413AtTheGateway() throws Exception {
		byte[] body = ("{\"username\":\"someone\",\"password\":\"" + "x".repeat(2_000_000) + "\"}").getBytes();
		for (HttpRequest.BodyPublisher publisher : new HttpRequest.BodyPublisher[] {
				HttpRequest.BodyPublishers.ofByteArray(body),
				HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)) }) {
			HttpResponse<String> response = HTTP
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/auth/login"))
					.timeout(Duration.ofSeconds(30))
					.header("Content-Type", "application/json")
					.POST(publisher)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(413);
			assertThat(response.headers().firstValue("Content-Type").orElseThrow())
				.contains("application/problem+json");
			JsonNode problem = JsonMapper.builder().build().readTree(response.body());
			assertThat(problem.get("status").asInt()).isEqualTo(413);
			assertThat(problem.get("detail").asString()).contains("larger than 65536 bytes");
		}
		assertThat(HttpProbe.get(this.managementPort, "/actuator/health").status()).isEqualTo(200);
	}

}
