package dev.roomcast.account.contact;

import java.time.Instant;
import java.util.UUID;

import dev.roomcast.account.update.UpdateWatcher;
import dev.roomcast.events.PresenceChanged;
import dev.roomcast.events.Topics;
import dev.roomcast.events.UserUpdate.Type;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.kafka.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A presence change on {@code user.presence} (as a gateway writes it, with the status in
 * Redis) reaches the user's accepted contacts on {@code user.updates}, and the contact
 * list shows it.
 */
@RoomcastIntegrationTest
class PresenceIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@RegisterExtension
	final UpdateWatcher updates = new UpdateWatcher();

	@Test
	void aPresenceChangeReachesAcceptedContactsOnlyAndTheContactList() {
		ApiClient bob = ApiClient.local(this.port).withNewUser("bob");
		String bobId = bob.userId();
		// Alice is Bob's contact; Carol only asked to be
		ApiClient alice = ApiClient.local(this.port).withNewUser("alice");
		alice.befriend(bob);
		ApiClient carol = ApiClient.local(this.port).withNewUser("carol");
		carol.requestContact(bob.username());
		assertThat(alice.contacts().get(0).get("presence").asString()).isEqualTo("OFFLINE");

		goesOnline(bobId);

		String aliceId = alice.userId();
		assertThat(this.updates.await(aliceId, Type.PRESENCE, (update) -> true).data()).containsEntry("userId", bobId)
			.containsEntry("status", "ONLINE");
		assertThat(this.updates.of(aliceId)).filteredOn((update) -> update.type() == Type.PRESENCE).hasSize(1);
		assertThat(this.updates.of(carol.userId())).noneMatch((update) -> update.type() == Type.PRESENCE);

		JsonNode contact = alice.contacts().get(0);
		assertThat(contact.get("user").get("id").asString()).isEqualTo(bobId);
		assertThat(contact.get("presence").asString()).isEqualTo("ONLINE");
		assertThat(carol.contacts().get(0).has("presence")).as("only accepted contacts see presence").isFalse();
	}

	/** What a gateway does when the user's first socket opens. */
	private void goesOnline(String userId) {
		this.redis.opsForValue().set(PresenceChanged.STATUS_KEY_PREFIX + userId, "ONLINE");
		TopicReader.publish(Topics.USER_PRESENCE, userId, new PresenceChanged(PresenceChanged.SCHEMA_VERSION,
				UUID.randomUUID().toString(), Instant.now(), userId, PresenceChanged.Status.ONLINE));
	}

}
