package dev.roomcast.gateway.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.RoomRead;
import dev.roomcast.events.Topics;
import dev.roomcast.events.UserUpdate;
import dev.roomcast.gateway.realtime.RealtimeFixture.User;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.kafka.TopicReader;
import dev.roomcast.testsupport.stomp.StompTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code user.updates} reaches {@code /user/queue/updates} of every session of its user
 * and of nobody else; {@code SEND /app/rooms/{id}/read} goes to {@code user.read-state}
 * for members only.
 */
@RoomcastIntegrationTest(properties = "roomcast.gateway.websocket.allowed-origins=" + RealtimeFixture.ORIGIN)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserUpdatesIntegrationTests {

	@RegisterExtension
	static final RealtimeFixture fixture = new RealtimeFixture("user-updates");

	@Test
	void anUpdateReachesEverySessionOfItsUserAndNoOneElse() throws Exception {
		User alice = fixture.user("alice");
		User aliceElsewhere = fixture.otherSession(alice);
		User bob = fixture.user("bob");
		List<JsonNode> aliceHere = subscribeUpdates(alice);
		List<JsonNode> aliceThere = subscribeUpdates(aliceElsewhere);
		List<JsonNode> bobs = subscribeUpdates(bob);

		TopicReader.publish(Topics.USER_UPDATES, alice.id(), update(alice, UserUpdate.Type.CONTACT_REQUESTED,
				Map.of("userId", bob.id(), "username", "bob", "state", "PENDING")));
		TopicReader.publish(Topics.USER_UPDATES, bob.id(),
				update(bob, UserUpdate.Type.READ, Map.of("roomId", "r-1", "seq", 9)));

		await().atMost(Duration.ofSeconds(30))
			.until(() -> aliceHere.size() == 1 && aliceThere.size() == 1 && bobs.size() == 1);
		for (JsonNode frame : List.of(aliceHere.get(0), aliceThere.get(0))) {
			assertThat(frame.get("type").asString()).isEqualTo("CONTACT_REQUESTED");
			assertThat(frame.get("userId").asString()).isEqualTo(bob.id());
			assertThat(frame.get("state").asString()).isEqualTo("PENDING");
			assertThat(frame.get("occurredAt").asString()).isNotBlank();
		}
		assertThat(bobs.get(0).get("type").asString()).isEqualTo("READ");
		assertThat(bobs.get(0).get("roomId").asString()).isEqualTo("r-1");
		assertThat(bobs.get(0).get("seq").asLong()).isEqualTo(9);
	}

	@Test
	void aMemberReadMarkGoesToTheReadStateTopicAndOthersAreRefused() throws Exception {
		User alice = fixture.user("alice");
		User mallory = fixture.user("mallory");
		String roomId = fixture.room(alice);
		try (KafkaConsumer<String, RoomRead> reads = TopicReader.consumerAtEnd(Topics.USER_READ_STATE,
				EventSerde.of(RoomRead.class))) {
			StompTestClient aliceClient = connect(alice);
			assertThat(aliceClient.markRead(roomId, 7).get(30, TimeUnit.SECONDS)).isTrue();
			List<ConsumerRecord<String, RoomRead>> seen = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				reads.poll(Duration.ofMillis(100)).forEach(seen::add);
				return !seen.isEmpty();
			});
			assertThat(seen).singleElement().satisfies((record) -> {
				assertThat(record.key()).isEqualTo(RoomRead.key(alice.id(), roomId));
				assertThat(record.value().userId()).isEqualTo(alice.id());
				assertThat(record.value().roomId()).isEqualTo(roomId);
				assertThat(record.value().seq()).isEqualTo(7);
			});

			aliceClient.markRead(roomId, 0);
			StompTestClient malloryClient = connect(mallory);
			malloryClient.markRead(roomId, 3);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> !aliceClient.errors().isEmpty() && !malloryClient.errors().isEmpty());
			assertThat(aliceClient.errors().get(0).get("code").asString()).isEqualTo("INVALID_SEQ");
			assertThat(malloryClient.errors().get(0).get("code").asString()).isEqualTo("NOT_A_MEMBER");
			seen.clear();
			reads.poll(Duration.ofMillis(500)).forEach(seen::add);
			assertThat(seen).isEmpty();
		}
	}

	private List<JsonNode> subscribeUpdates(User user) {
		List<JsonNode> frames = new CopyOnWriteArrayList<>();
		connect(user).subscribed("/user/queue/updates", frames);
		return frames;
	}

	private StompTestClient connect(User user) {
		return fixture.connect(user);
	}

	private static UserUpdate update(User user, UserUpdate.Type type, Map<String, Object> data) {
		return new UserUpdate(UserUpdate.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(), user.id(), type,
				data);
	}

}
