package dev.roomcast.account.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.roomcast.account.AccountApplication;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.servers.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two account-service instances on the same Redis count failed logins together.
 */
@RoomcastIntegrationTest
class SharedLoginLimitsIntegrationTests {

	@LocalServerPort
	int port;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startSecondInstance() {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
				"--roomcast.account.login.failures-per-account=3", "--roomcast.account.login.failures-per-address=5"));
		TestInfrastructure.shared()
			.springProperties("roomcast-accounts")
			.forEach((name, value) -> args.add("--" + name + "=" + value));
		second = new SpringApplicationBuilder(AccountApplication.class).run(args.toArray(String[]::new));
	}

	@AfterAll
	static void stopSecondInstance() {
		if (second != null) {
			second.close();
		}
	}

	@Test
	void failuresOnTwoInstancesShareOneLimit() {
		String username = ApiClient.uniqueName("mallory");
		ApiClient.local(this.port).signup(username, "password123", "Mallory");
		ApiClient first = ApiClient.local(this.port).forwardedFor("10.252.0.1");
		ApiClient other = new ApiClient("http://localhost:" + secondPort()).forwardedFor("10.252.0.1");
		Map<String, String> wrong = Map.of("username", username, "password", "bad-password");
		assertThat(first.post("/api/auth/login", wrong).status()).isEqualTo(401);
		assertThat(other.post("/api/auth/login", wrong).status()).isEqualTo(401);
		assertThat(first.post("/api/auth/login", wrong).status()).isEqualTo(401);
		ApiClient.Response limited = other.post("/api/auth/login",
				Map.of("username", username, "password", "password123"));
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Retry-After")).isPresent();
		assertThat(first.post("/api/auth/login", Map.of("username", username, "password", "password123")).status())
			.isEqualTo(429);
		ApiClient owner = new ApiClient("http://localhost:" + secondPort()).forwardedFor("10.252.0.2");
		assertThat(owner.login(username, "password123").get("username").asString()).isEqualTo(username);
	}

	@Test
	void anAddressSprayingNamesIsLimitedAcrossInstances() {
		ApiClient first = ApiClient.local(this.port).forwardedFor("10.252.1.1");
		ApiClient other = new ApiClient("http://localhost:" + secondPort()).forwardedFor("10.252.1.1");
		for (int i = 0; i < 5; i++) {
			ApiClient instance = (i % 2 == 0) ? first : other;
			assertThat(instance
				.post("/api/auth/login", Map.of("username", ApiClient.uniqueName("spray"), "password", "bad-password"))
				.status()).isEqualTo(401);
		}
		assertThat(other
			.post("/api/auth/login", Map.of("username", ApiClient.uniqueName("spray"), "password", "bad-password"))
			.status()).isEqualTo(429);
	}

	private static int secondPort() {
		return ((WebServerApplicationContext) second).getWebServer().getPort();
	}

}
