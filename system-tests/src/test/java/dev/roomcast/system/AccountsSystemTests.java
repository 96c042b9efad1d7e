package dev.roomcast.system;

import java.util.List;
import java.util.Map;

import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.http.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts through the gateway, as a browser uses them, and the one session they create
 * honoured by the other services.
 */
class AccountsSystemTests {

	private final RoomcastSystem system = RoomcastSystem.shared();

	private ApiClient viaGateway() {
		return new ApiClient(this.system.gatewayUrl());
	}

	private String serviceUrl(RoomcastService service) {
		return "http://127.0.0.1:" + this.system.port(service);
	}

	@Test
	void signupThroughTheGatewaySignsInWithOneSessionCookie() {
		ApiClient alice = viaGateway();
		JsonNode user = alice.signupNew("alice");
		assertThat(alice.sessionCookie()).isPresent();
		assertThat(alice.me()).isEqualTo(user);
		assertThat(alice.searchUsers(user.get("username").asString()).get(0)).isEqualTo(user);
	}

	@Test
	void contactsAndRoomsWorkThroughTheGateway() {
		ApiClient alice = viaGateway();
		ApiClient bob = viaGateway();
		String aliceId = alice.signupNew("alice").get("id").asString();
		String bobId = bob.signupNew("bob").get("id").asString();
		alice.befriend(bob);
		assertThat(bob.contacts().get(0).get("state").asString()).isEqualTo("ACCEPTED");
		JsonNode direct = alice.directRoom(bobId);
		assertThat(bob.directRoom(aliceId).get("id")).isEqualTo(direct.get("id"));
		JsonNode group = bob.createGroup("System", List.of(aliceId));
		assertThat(alice.rooms().valueStream().map((room) -> room.get("id"))).contains(direct.get("id"),
				group.get("id"));
	}

	@Test
	void theAccountSessionAuthenticatesHistoryOnTheGatewayAndOnPersistenceService() {
		ApiClient alice = viaGateway();
		ApiClient bob = viaGateway();
		alice.signupNew("alice");
		String bobId = bob.signupNew("bob").get("id").asString();
		alice.befriend(bob);
		String roomId = alice.directRoom(bobId).get("id").asString();
		String history = "/api/rooms/" + roomId + "/messages?afterSeq=0&limit=10";

		assertThat(alice.get(history).status()).as("history through the gateway").isNotEqualTo(401).isLessThan(500);
		assertThat(viaGateway().get(history).status()).as("anonymous history through the gateway").isEqualTo(401);

		ApiClient aliceOnPersistence = alice.sameSessionAt(serviceUrl(RoomcastService.PERSISTENCE));
		assertThat(aliceOnPersistence.get(history).status()).as("with the session cookie on persistence-service")
			.isNotEqualTo(401);
		assertThat(new ApiClient(serviceUrl(RoomcastService.PERSISTENCE)).get(history).status())
			.as("without a session on persistence-service")
			.isEqualTo(401);
	}

	@Test
	void mutatingRequestsWithoutTheCsrfTokenAreRefusedThroughTheGateway() {
		ApiClient alice = viaGateway();
		alice.signupNew("alice");
		ApiClient.Response refused = alice.send("POST", "/api/rooms", Map.of("name", "x", "memberIds", List.of()),
				false);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.header("Content-Type").orElseThrow()).contains("application/problem+json");
		assertThat(alice.send("POST", "/api/auth/logout", null, false).status()).isEqualTo(403);
		assertThat(alice.me().get("username")).isNotNull();
	}

	@Test
	void loginThroughTheGatewayChangesTheSessionIdAndLogoutEndsIt() {
		ApiClient client = viaGateway();
		JsonNode user = client.signupNew("carol");
		String signupSession = client.sessionCookie().orElseThrow();
		client.login(user.get("username").asString(), "password123");
		assertThat(client.sessionCookie().orElseThrow()).isNotEqualTo(signupSession);
		assertThat(client.me().get("id")).isEqualTo(user.get("id"));
		client.logout();
		assertThat(client.get("/api/me").status()).isEqualTo(401);
	}

	@Test
	void failedLoginsThroughTheGatewayAreLimitedWith429() {
		ApiClient owner = viaGateway();
		String username = owner.signupNew("dave").get("username").asString();
		ApiClient attacker = viaGateway();
		int status = 0;
		for (int i = 0; i < 11 && status != 429; i++) {
			// a spoofed address does not help: the gateway sets X-Forwarded-For itself
			status = attacker.forwardedFor("203.0.113." + (i + 1))
				.post("/api/auth/login", Map.of("username", username, "password", "wrong-password"))
				.status();
		}
		ApiClient.Response limited = attacker.post("/api/auth/login",
				Map.of("username", username, "password", "password123"));
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Retry-After")).isPresent();
	}

}
