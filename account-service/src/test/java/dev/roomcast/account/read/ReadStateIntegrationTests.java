package dev.roomcast.account.read;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.roomcast.account.update.UpdateWatcher;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.RoomRead;
import dev.roomcast.events.Topics;
import dev.roomcast.events.UserUpdate;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.kafka.TopicReader;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read marks and room log events written to the real broker as gateway and chat-service
 * write them; {@code GET /api/rooms} shows the outcome.
 */
@RoomcastIntegrationTest
class ReadStateIntegrationTests {

	@LocalServerPort
	int port;

	@RegisterExtension
	final UpdateWatcher updates = new UpdateWatcher();

	@Test
	void roomsListLastSeqAndReadSeqAndReadMarksOnlyMoveForward() {
		ApiClient alice = ApiClient.local(this.port).withNewUser("alice");
		ApiClient bob = ApiClient.local(this.port).withNewUser("bob");
		String aliceId = alice.userId();
		String bobId = bob.userId();
		alice.befriend(bob);
		String roomId = alice.createGroup("Reading", List.of(bobId)).get("id").asString();
		assertThat(room(alice, roomId).get("lastSeq").asLong()).isZero();
		assertThat(room(alice, roomId).get("readSeq").asLong()).isZero();

		for (long seq = 1; seq <= 300; seq++) {
			logEvent(roomId, seq, bobId);
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(room(alice, roomId).get("lastSeq").asLong()).isEqualTo(300));
		assertThat(room(alice, roomId).get("readSeq").asLong()).isZero();
		// the sender has read what they sent
		assertThat(room(bob, roomId).get("readSeq").asLong()).isEqualTo(300);

		mark(aliceId, roomId, 120);
		assertThat(this.updates
			.await(aliceId, UserUpdate.Type.READ, (update) -> roomId.equals(update.data().get("roomId")))
			.data()).containsEntry("seq", 120);
		assertThat(room(alice, roomId).get("readSeq").asLong()).isEqualTo(120);

		mark(aliceId, roomId, 80);
		mark(aliceId, roomId, 300);
		this.updates.await(aliceId, UserUpdate.Type.READ,
				(update) -> roomId.equals(update.data().get("roomId")) && update.data().get("seq").equals(300));
		assertThat(room(alice, roomId).get("readSeq").asLong()).isEqualTo(300);
		assertThat(this.updates.of(aliceId)).filteredOn((update) -> update.type() == UserUpdate.Type.READ)
			.extracting((update) -> update.data().get("seq"))
			.containsExactly(120, 300);
		assertThat(alice.room(roomId).get("readSeq").asLong()).isEqualTo(300);
	}

	private static JsonNode room(ApiClient client, String roomId) {
		for (JsonNode room : client.rooms()) {
			if (room.get("id").asString().equals(roomId)) {
				return room;
			}
		}
		throw new AssertionError("room " + roomId + " not listed");
	}

	private static void mark(String userId, String roomId, long seq) {
		TopicReader.publish(Topics.USER_READ_STATE, RoomRead.key(userId, roomId), new RoomRead(RoomRead.SCHEMA_VERSION,
				UUID.randomUUID().toString(), Instant.now(), userId, roomId, seq));
	}

	private static void logEvent(String roomId, long seq, String senderId) {
		TopicReader.publish(Topics.CHAT_ROOM_EVENTS, roomId,
				new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
						RoomEvent.Type.MESSAGE, roomId, seq, UUID.randomUUID().toString(), senderId, "Bob", "hi " + seq,
						Instant.now(), "prev", "hash"));
	}

}
