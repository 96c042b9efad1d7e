package dev.roomcast.account.contact;

import java.util.Map;

import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@RoomcastIntegrationTest
class ContactIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void aRequestIsRequestedForMeAndPendingForThemUntilAccepted() {
		ApiClient alice = ApiClient.local(this.port);
		JsonNode aliceUser = alice.signupNew("alice");
		ApiClient bob = ApiClient.local(this.port);
		JsonNode bobUser = bob.signupNew("bob");

		JsonNode sent = alice.requestContact(bobUser.get("username").asString());
		assertThat(sent.get("state").asString()).isEqualTo("REQUESTED");
		assertThat(sent.get("user")).isEqualTo(bobUser);
		assertThat(alice.contacts()).singleElement()
			.satisfies((contact) -> assertThat(contact.get("state").asString()).isEqualTo("REQUESTED"));
		assertThat(bob.contacts()).singleElement().satisfies((contact) -> {
			assertThat(contact.get("state").asString()).isEqualTo("PENDING");
			assertThat(contact.get("user")).isEqualTo(aliceUser);
		});

		assertThat(bob.acceptContact(aliceUser.get("id").asString()).get("state").asString()).isEqualTo("ACCEPTED");
		assertThat(alice.contacts().get(0).get("state").asString()).isEqualTo("ACCEPTED");
		assertThat(bob.contacts().get(0).get("state").asString()).isEqualTo("ACCEPTED");
	}

	@Test
	void requestingSomeoneWhoAskedMeAccepts() {
		ApiClient alice = ApiClient.local(this.port).withNewUser("alice");
		ApiClient bob = ApiClient.local(this.port);
		JsonNode bobUser = bob.signupNew("bob");
		String aliceName = alice.username();
		bob.requestContact(aliceName);
		assertThat(alice.requestContact(bobUser.get("username").asString()).get("state").asString())
			.isEqualTo("ACCEPTED");
		assertThat(bob.contacts().get(0).get("state").asString()).isEqualTo("ACCEPTED");
	}

	@Test
	void declineAndRemoveEndTheRelationOnBothSides() {
		ApiClient alice = ApiClient.local(this.port).withNewUser("alice");
		ApiClient bob = ApiClient.local(this.port).withNewUser("bob");
		String aliceId = alice.userId();
		alice.requestContact(bob.username());
		bob.declineContact(aliceId);
		assertThat(alice.contacts().isEmpty()).isTrue();
		assertThat(bob.contacts().isEmpty()).isTrue();

		alice.befriend(bob);
		bob.removeContact(aliceId);
		assertThat(alice.contacts().isEmpty()).isTrue();
		assertThat(bob.contacts().isEmpty()).isTrue();
	}

	@Test
	void unknownUsersAndMissingRelationsAre404AndSelfIs400() {
		ApiClient alice = ApiClient.local(this.port).withNewUser("alice");
		JsonNode me = alice.me();
		assertThat(alice.post("/api/contacts", Map.of("username", ApiClient.uniqueName("ghost"))).status())
			.isEqualTo(404);
		assertThat(alice.post("/api/contacts/no-such-user/accept", null).status()).isEqualTo(404);
		assertThat(alice.post("/api/contacts/no-such-user/block", null).status()).isEqualTo(404);
		assertThat(alice.delete("/api/contacts/no-such-user").status()).isEqualTo(404);
		ApiClient bob = ApiClient.local(this.port).withNewUser("bob");
		String bobId = bob.userId();
		assertThat(alice.post("/api/contacts/" + bobId + "/accept", null).status()).isEqualTo(404);
		assertThat(alice.post("/api/contacts/" + bobId + "/decline", null).status()).isEqualTo(404);
		ApiClient.Response self = alice.post("/api/contacts", Map.of("username", me.get("username").asString()));
		assertThat(self.status()).isEqualTo(400);
		assertThat(self.body().get("detail").asString()).contains("username");
		assertThat(alice.post("/api/contacts", Map.of("username", "")).status()).isEqualTo(400);
	}

	@Test
	void aBlockedUserCanNoLongerRequestMeOrOpenARoomWithMe() {
		ApiClient alice = ApiClient.local(this.port).withNewUser("alice");
		ApiClient mallory = ApiClient.local(this.port).withNewUser("mallory");
		alice.befriend(mallory);

		alice.blockContact(mallory.userId());

		assertThat(alice.contacts().isEmpty()).isTrue();
		assertThat(mallory.contacts().isEmpty()).isTrue();
		assertThat(mallory.post("/api/contacts", Map.of("username", alice.username())).status()).isEqualTo(403);
		assertThat(mallory.post("/api/rooms/direct", Map.of("userId", alice.userId())).status()).isEqualTo(403);
		assertThat(mallory.post("/api/rooms", Map.of("name", "trap", "memberIds", java.util.List.of(alice.userId())))
			.status()).isEqualTo(403);

		alice.removeContact(mallory.userId());
		assertThat(mallory.requestContact(alice.username()).get("state").asString()).isEqualTo("REQUESTED");
	}

}
