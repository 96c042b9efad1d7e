package dev.roomcast.account.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.http.HttpProbe;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies over the cap are refused unread with a 413 problem, and JSON beyond
 * Jackson's read limits with a 400; the service keeps serving.
 */
@RoomcastIntegrationTest
class RequestLimitsIntegrationTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aTwoMegabyteLoginBodyIsRefusedWith413AndTheServiceStaysUp() {
		ApiClient client = ApiClient.local(this.port);
		String body = "{\"username\":\"someone\",\"password\":\"" + "x".repeat(2_000_000) + "\"}";
		Raw response = send(client, body, false);
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.contentType()).contains("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(413);
		assertThat(response.json().get("detail").asString()).contains("larger than 65536 bytes");
		assertThat(response.json().get("instance").asString()).isEqualTo("/api/auth/login");
		assertThat(HttpProbe.get(this.managementPort, "/actuator/health").status()).isEqualTo(200);
		JsonNode user = ApiClient.local(this.port).withNewUser("after413").me();
		assertThat(user.get("id").asString()).isNotBlank();
	}

	@Test
	void aChunkedBodyOverTheCapIsRefusedWith413() {
		String body = "{\"username\":\"someone\",\"password\":\"" + "x".repeat(200_000) + "\"}";
		Raw response = send(ApiClient.local(this.port), body, true);
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.json().get("detail").asString()).contains("larger than");
	}

	@Test
	void aChunkedBodyUnderTheCapIsRead() {
		String username = ApiClient.uniqueName("chunky");
		ApiClient.local(this.port).signup(username, "password123", "Chunky");
		String body = JSON.writeValueAsString(Map.of("username", username, "password", "password123"));
		Raw response = send(ApiClient.local(this.port), body, true);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("username").asString()).isEqualTo(username);
	}

	@Test
	void deeplyNestedJsonIsRefusedWith400() {
		String nested = "[".repeat(200) + "]".repeat(200);
		String body = "{\"username\":\"someone\",\"password\":\"password123\",\"extra\":" + nested + "}";
		Raw response = send(ApiClient.local(this.port), body, false);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).contains("application/problem+json");
		String shallow = "[".repeat(10) + "]".repeat(10);
		Raw fine = send(ApiClient.local(this.port),
				"{\"username\":\"someone\",\"password\":\"password123\",\"extra\":" + shallow + "}", false);
		assertThat(fine.status()).isEqualTo(401);
	}

	@Test
	void overlongNumbersAreRefusedWith400() {
		String body = "{\"username\":\"someone\",\"password\":\"password123\",\"extra\":" + "9".repeat(500) + "}";
		assertThat(send(ApiClient.local(this.port), body, false).status()).isEqualTo(400);
	}

	@Test
	void aBooleanForATextFieldIsRefusedNamingTheField() {
		Raw response = send(ApiClient.local(this.port), "{\"username\":true,\"password\":\"password123\"}", false);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).contains("application/problem+json");
		assertThat(response.json().get("detail").asString()).isEqualTo("username: must be a JSON string");
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("username");
	}

	@Test
	void aNumberForATextFieldIsRefusedNamingTheField() {
		Raw response = send(ApiClient.local(this.port), "{\"username\":\"someone\",\"password\":12345678}", false);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).isEqualTo("password: must be a JSON string");
	}

	@Test
	void aBodyThatIsNoJsonSaysWhy() {
		Raw response = send(ApiClient.local(this.port), "{'username':'someone'}", false);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).startsWith("The body is not well-formed JSON in UTF-8: ");
	}

	private Raw send(ApiClient client, String body, boolean chunked) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		HttpRequest.BodyPublisher publisher = chunked
				? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
				: HttpRequest.BodyPublishers.ofByteArray(bytes);
		HttpRequest request = HttpRequest.newBuilder(URI.create(client.baseUrl() + "/api/auth/login"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header("Cookie", client.cookieHeader())
			.header("X-XSRF-TOKEN", client.xsrfToken())
			.POST(publisher)
			.build();
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			return new Raw(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body().isBlank() ? null : JSON.readTree(response.body()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Raw(int status, String contentType, JsonNode json) {
	}

}
