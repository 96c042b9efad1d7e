package dev.roomcast.account.contact;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.PresenceChanged;
import dev.roomcast.events.Topics;
import dev.roomcast.events.UserUpdate;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

	@Test
	void aPresenceChangeReachesAcceptedContactsOnlyAndTheContactList() {
		ApiClient alice = ApiClient.local(this.port).withNewUser("alice");
		ApiClient bob = ApiClient.local(this.port).withNewUser("bob");
		ApiClient carol = ApiClient.local(this.port).withNewUser("carol");
		String aliceId = alice.me().get("id").asString();
		String bobId = bob.me().get("id").asString();
		String carolId = carol.me().get("id").asString();
		alice.befriend(bob);
		carol.requestContact(bob.me().get("username").asString());
		assertThat(alice.contacts().get(0).get("presence").asString()).isEqualTo("OFFLINE");

		try (KafkaConsumer<String, UserUpdate> updates = TopicReader.consumerAtEnd(Topics.USER_UPDATES,
				EventSerde.of(UserUpdate.class))) {
			this.redis.opsForValue().set(PresenceChanged.STATUS_KEY_PREFIX + bobId, "ONLINE");
			TopicReader.publish(Topics.USER_PRESENCE, bobId, new PresenceChanged(PresenceChanged.SCHEMA_VERSION,
					UUID.randomUUID().toString(), Instant.now(), bobId, PresenceChanged.Status.ONLINE));
			List<UserUpdate> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				updates.poll(Duration.ofMillis(200)).forEach((record) -> received.add(record.value()));
				return received.stream().anyMatch((update) -> update.userId().equals(aliceId));
			});
			assertThat(received).filteredOn((update) -> update.userId().equals(aliceId))
				.singleElement()
				.satisfies((update) -> {
					assertThat(update.type()).isEqualTo(UserUpdate.Type.PRESENCE);
					assertThat(update.data()).containsEntry("userId", bobId).containsEntry("status", "ONLINE");
				});
			assertThat(received).noneMatch((update) -> update.userId().equals(carolId));
		}
		JsonNode contact = alice.contacts().get(0);
		assertThat(contact.get("user").get("id").asString()).isEqualTo(bobId);
		assertThat(contact.get("presence").asString()).isEqualTo("ONLINE");
		assertThat(carol.contacts().get(0).has("presence")).as("only accepted contacts see presence").isFalse();
	}

}
