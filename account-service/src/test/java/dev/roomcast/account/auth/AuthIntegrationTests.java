package dev.roomcast.account.auth;

import java.util.Map;

import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.http.HttpProbe;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@RoomcastIntegrationTest
class AuthIntegrationTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void csrfEndpointGivesAMaskedTokenAndItsHeader() {
		ApiClient client = ApiClient.local(this.port);
		JsonNode csrf = client.get("/api/auth/csrf").body();
		assertThat(csrf.get("headerName").asString()).isEqualTo("X-XSRF-TOKEN");
		assertThat(csrf.get("token").asString()).isNotBlank().isNotEqualTo(client.cookie("XSRF-TOKEN").orElseThrow());
	}

	@Test
	void signupCreatesTheUserAndSignsIn() {
		ApiClient client = ApiClient.local(this.port);
		String username = ApiClient.uniqueName("Alice");
		ApiClient.Response response = client.post("/api/auth/signup",
				Map.of("username", username, "password", "password123", "displayName", "Alice A"));
		assertThat(response.status()).isEqualTo(201);
		assertThat(response.body().get("username").asString()).isEqualTo(username);
		assertThat(response.body().get("displayName").asString()).isEqualTo("Alice A");
		assertThat(response.body().has("password")).isFalse();
		assertThat(response.body().has("passwordHash")).isFalse();
		assertThat(response.headers().get("set-cookie")).anySatisfy(
				(cookie) -> assertThat(cookie).startsWith("SESSION=").contains("HttpOnly").contains("SameSite=Lax"));
		assertThat(client.userId()).isEqualTo(response.body().get("id").asString());
	}

	@Test
	void signupRefusesInvalidFieldsNamingEach() {
		ApiClient client = ApiClient.local(this.port);
		ApiClient.Response response = client.post("/api/auth/signup",
				Map.of("username", "a!", "password", "short", "displayName", ""));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type").orElseThrow()).contains("application/problem+json");
		assertThat(response.body().get("detail").asString()).contains("username")
			.contains("password")
			.contains("displayName");
		assertThat(response.body().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("username",
				"password", "displayName");
		assertThat(
				client
					.post("/api/auth/signup",
							Map.of("username", "x".repeat(33), "password", "p".repeat(129), "displayName",
									"d".repeat(65)))
					.body()
					.get("errors")
					.findValuesAsString("field"))
			.containsExactlyInAnyOrder("username", "password", "displayName");
	}

	@Test
	void signupRefusesATakenUsernameIgnoringCase() {
		String username = ApiClient.uniqueName("bob");
		ApiClient.local(this.port).signup(username, "password123", "Bob");
		ApiClient.Response again = ApiClient.local(this.port)
			.post("/api/auth/signup",
					Map.of("username", username.toUpperCase(), "password", "password123", "displayName", "Bob 2"));
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.body().get("detail").asString()).contains("username");
	}

	@Test
	void signupTakesAPasswordOfExactly72BytesInUtf8() {
		String ascii = "p".repeat(72);
		String euros = "\u20ac".repeat(24);
		for (String password : new String[] { ascii, euros }) {
			String username = ApiClient.uniqueName("long");
			ApiClient signup = ApiClient.local(this.port);
			assertThat(signup
				.post("/api/auth/signup", Map.of("username", username, "password", password, "displayName", "Long"))
				.status()).isEqualTo(201);
			assertThat(ApiClient.local(this.port).login(username, password).get("username").asString())
				.isEqualTo(username);
			assertThat(ApiClient.local(this.port)
				.post("/api/auth/login", Map.of("username", username, "password", password + "x"))
				.status()).isEqualTo(400);
		}
	}

	@Test
	void signupRefusesAPasswordOverBcrypts72BytesNamingTheLimit() {
		for (String password : new String[] { "p".repeat(73), "p".repeat(128), "\u20ac".repeat(25), "\u20ac".repeat(30),
				"\ud83d\udd11".repeat(19) }) {
			ApiClient.Response response = ApiClient.local(this.port)
				.post("/api/auth/signup",
						Map.of("username", ApiClient.uniqueName("toolong"), "password", password, "displayName", "T"));
			assertThat(response.status()).as("%d chars", password.length()).isEqualTo(400);
			assertThat(response.header("Content-Type").orElseThrow()).contains("application/problem+json");
			assertThat(response.body().get("errors").findValuesAsString("field")).containsExactly("password");
			assertThat(response.body().get("detail").asString()).contains("password").contains("72 bytes");
		}
	}

	@Test
	void loginWithAnOverlongPasswordIsRefusedWithoutCountingAsAFailure() {
		String username = ApiClient.uniqueName("walt");
		ApiClient.local(this.port).signup(username, "password123", "Walt");
		ApiClient client = ApiClient.local(this.port);
		for (String password : new String[] { "p".repeat(73), "\u20ac".repeat(30), "p".repeat(10_000) }) {
			ApiClient.Response response = client.post("/api/auth/login",
					Map.of("username", username, "password", password));
			assertThat(response.status()).isEqualTo(400);
			assertThat(response.body().get("detail").asString()).contains("72 bytes");
		}
		assertThat(client.login(username, "password123").get("username").asString()).isEqualTo(username);
	}

	@Test
	void loginSignsInWithTheRightPasswordIgnoringUsernameCase() {
		String username = ApiClient.uniqueName("carol");
		String id = ApiClient.local(this.port).signup(username, "password123", "Carol").get("id").asString();
		ApiClient client = ApiClient.local(this.port);
		assertThat(client.login(username.toUpperCase(), "password123").get("id").asString()).isEqualTo(id);
		assertThat(client.username()).isEqualTo(username);
	}

	@Test
	void loginAnswersTheSameForAWrongPasswordAndAnUnknownUser() {
		String username = ApiClient.uniqueName("dave");
		ApiClient.local(this.port).signup(username, "password123", "Dave");
		ApiClient.Response wrongPassword = ApiClient.local(this.port)
			.post("/api/auth/login", Map.of("username", username, "password", "wrong-password"));
		ApiClient.Response unknownUser = ApiClient.local(this.port)
			.post("/api/auth/login", Map.of("username", ApiClient.uniqueName("nobody"), "password", "wrong-password"));
		assertThat(wrongPassword.status()).isEqualTo(401);
		assertThat(unknownUser.status()).isEqualTo(401);
		assertThat(wrongPassword.body().get("detail")).isEqualTo(unknownUser.body().get("detail"));
		assertThat(wrongPassword.header("Set-Cookie")).isEmpty();
	}

	@Test
	void loginChangesTheSessionIdAndTheOldIdNoLongerWorks() {
		ApiClient client = ApiClient.local(this.port);
		JsonNode user = client.signupNew("erin");
		String before = client.sessionCookie().orElseThrow();
		ApiClient oldSession = client.sameSessionAt(client.baseUrl());
		client.login(user.get("username").asString(), "password123");
		String after = client.sessionCookie().orElseThrow();
		assertThat(after).isNotEqualTo(before);
		assertThat(client.me().get("id")).isEqualTo(user.get("id"));
		assertThat(oldSession.get("/api/me").status()).isEqualTo(401);
	}

	@Test
	void logoutEndsTheSession() {
		ApiClient client = ApiClient.local(this.port).withNewUser("frank");
		ApiClient.Response logout = client.post("/api/auth/logout", null);
		assertThat(logout.status()).isEqualTo(204);
		assertThat(client.get("/api/me").status()).isEqualTo(401);
	}

	@Test
	void anonymousRequestsGetA401Problem() {
		ApiClient.Response me = ApiClient.local(this.port).get("/api/me");
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.header("Content-Type").orElseThrow()).contains("application/problem+json");
		assertThat(me.body().get("status").asInt()).isEqualTo(401);
		assertThat(ApiClient.local(this.port).get("/api/rooms").status()).isEqualTo(401);
		assertThat(ApiClient.local(this.port).get("/api/contacts").status()).isEqualTo(401);
	}

	@Test
	void mutatingRequestsWithoutTheCsrfTokenAreRefused() {
		ApiClient client = ApiClient.local(this.port).withNewUser("grace");
		ApiClient.Response noToken = client.send("POST", "/api/rooms",
				Map.of("name", "x", "memberIds", java.util.List.of()), false);
		assertThat(noToken.status()).isEqualTo(403);
		assertThat(noToken.body().get("detail").asString()).contains("CSRF");
		ApiClient.Response signupWithoutToken = ApiClient.local(this.port)
			.send("POST", "/api/auth/signup",
					Map.of("username", ApiClient.uniqueName("h"), "password", "password123", "displayName", "H"),
					false);
		assertThat(signupWithoutToken.status()).isEqualTo(403);
		ApiClient.Response logoutWithoutToken = client.send("POST", "/api/auth/logout", null, false);
		assertThat(logoutWithoutToken.status()).isEqualTo(403);
		assertThat(client.get("/api/me").status()).isEqualTo(200);
	}

	@Test
	void theMaskedTokenDiffersFromTheCookieAndIsAccepted() {
		ApiClient client = ApiClient.local(this.port).withNewUser("heidi");
		String raw = client.cookie("XSRF-TOKEN").orElseThrow();
		assertThat(raw).isNotBlank();
		assertThat(client.csrfToken()).isNotEqualTo(raw);
		assertThat(client.post("/api/rooms", Map.of("name", "ok", "memberIds", java.util.List.of())).status())
			.isEqualTo(201);
	}

	@Test
	void failedLoginsPerAccountAnswer429WithRetryAfter() {
		String username = ApiClient.uniqueName("ivan");
		ApiClient.local(this.port).signup(username, "password123", "Ivan");
		ApiClient attacker = ApiClient.local(this.port);
		for (int i = 0; i < 3; i++) {
			assertThat(
					attacker.post("/api/auth/login", Map.of("username", username, "password", "bad-password")).status())
				.isEqualTo(401);
		}
		ApiClient.Response limited = attacker.post("/api/auth/login",
				Map.of("username", username, "password", "password123"));
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Content-Type").orElseThrow()).contains("application/problem+json");
		assertThat(Long.parseLong(limited.header("Retry-After").orElseThrow())).isBetween(1L, 15 * 60L);
		assertThat(limited.body().get("detail").asString()).contains("Too many failed logins");
		assertThat(limited.body().get("retryAfterSeconds").asLong()).isBetween(1L, 15 * 60L);
	}

	@Test
	void failuresFromAnotherAddressDoNotLockTheOwnerOut() {
		String username = ApiClient.uniqueName("ursula");
		ApiClient.local(this.port).signup(username, "password123", "Ursula");
		ApiClient attacker = ApiClient.local(this.port).forwardedFor("10.251.0.1");
		for (int i = 0; i < 4; i++) {
			attacker.post("/api/auth/login", Map.of("username", username, "password", "bad-password"));
		}
		assertThat(attacker.post("/api/auth/login", Map.of("username", username, "password", "bad-password")).status())
			.isEqualTo(429);
		ApiClient owner = ApiClient.local(this.port).forwardedFor("10.251.0.2");
		assertThat(owner.login(username, "password123").get("username").asString()).isEqualTo(username);
	}

	@Test
	void failedLoginsPerClientAddressAnswer429() {
		ApiClient attacker = ApiClient.local(this.port).forwardedFor("10.250.250.250");
		for (int i = 0; i < 5; i++) {
			assertThat(attacker
				.post("/api/auth/login", Map.of("username", ApiClient.uniqueName("spray"), "password", "bad-password"))
				.status()).isEqualTo(401);
		}
		ApiClient.Response limited = attacker.post("/api/auth/login",
				Map.of("username", ApiClient.uniqueName("spray"), "password", "bad-password"));
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Retry-After")).isPresent();
		String username = ApiClient.uniqueName("judy");
		ApiClient.local(this.port).signup(username, "password123", "Judy");
		assertThat(ApiClient.local(this.port).login(username, "password123").get("username").asString())
			.isEqualTo(username);
	}

	@Test
	void countsLoginsByOutcomeForOperators() {
		double successes = logins("success");
		double failures = logins("failure");
		String username = ApiClient.uniqueName("olga");
		ApiClient.local(this.port).signup(username, "password123", "Olga");
		assertThat(ApiClient.local(this.port)
			.post("/api/auth/login", Map.of("username", username, "password", "bad-password"))
			.status()).isEqualTo(401);
		ApiClient.local(this.port).login(username, "password123");
		assertThat(logins("success")).isEqualTo(successes + 1);
		assertThat(logins("failure")).isEqualTo(failures + 1);
	}

	private double logins(String outcome) {
		String prefix = "roomcast_logins_total{";
		return HttpProbe.get(this.managementPort, "/actuator/prometheus")
			.body()
			.lines()
			.filter((line) -> line.startsWith(prefix) && line.contains("outcome=\"" + outcome + "\""))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElse(0);
	}

}
