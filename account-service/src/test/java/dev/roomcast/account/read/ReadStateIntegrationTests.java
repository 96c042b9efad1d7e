package dev.roomcast.account.read;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
		assertThat(room(alice, roomId).get("unread").asLong()).isEqualTo(300);
		// the sender has read what they sent
		assertThat(room(bob, roomId).get("readSeq").asLong()).isEqualTo(300);
		assertThat(room(bob, roomId).get("unread").asLong()).isZero();

		mark(aliceId, roomId, 120);
		assertThat(this.updates
			.await(aliceId, UserUpdate.Type.READ, (update) -> roomId.equals(update.data().get("roomId")))
			.data()).containsEntry("seq", 120);
		assertThat(room(alice, roomId).get("readSeq").asLong()).isEqualTo(120);
		assertThat(room(alice, roomId).get("unread").asLong()).isEqualTo(180);

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

	@Test
	void unreadCountsOnlyOtherPeoplesMessagesNotEditsDeletionsMembershipOrOwnMessages() {
		ApiClient alice = ApiClient.local(this.port).withNewUser("alice");
		ApiClient bob = ApiClient.local(this.port).withNewUser("bob");
		String aliceId = alice.userId();
		String bobId = bob.userId();
		alice.befriend(bob);
		String roomId = alice.createGroup("Counting", List.of(bobId)).get("id").asString();
		assertThat(room(alice, roomId).get("unread").asLong()).isZero();

		// 300 messages of Bob's, with edits, a deletion and a membership change in
		// between
		Log log = new Log(roomId);
		log.messages(bobId, 100);
		log.change(RoomEvent.Type.EDIT, bobId, 5);
		log.change(RoomEvent.Type.DELETE, bobId, 6);
		log.messages(bobId, 100);
		log.membership(RoomEvent.Type.MEMBER_ADDED, bobId, UUID.randomUUID().toString());
		long afterMembership = log.seq;
		log.messages(bobId, 100);
		log.change(RoomEvent.Type.EDIT, bobId, 250);
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(room(alice, roomId).get("lastSeq").asLong()).isEqualTo(304));
		assertThat(room(alice, roomId).get("unread").asLong()).isEqualTo(300);
		assertThat(alice.room(roomId).get("unread").asLong()).isEqualTo(300);
		assertThat(room(bob, roomId).get("unread").asLong()).isZero();

		mark(aliceId, roomId, afterMembership);
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(room(alice, roomId).get("readSeq").asLong()).isEqualTo(afterMembership));
		assertThat(room(alice, roomId).get("unread").asLong()).isEqualTo(100);

		// her own message: read up to it
		log.messages(aliceId, 1);
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(room(alice, roomId).get("lastSeq").asLong()).isEqualTo(305));
		assertThat(room(alice, roomId).get("unread").asLong()).isZero();
		assertThat(room(bob, roomId).get("unread").asLong()).isEqualTo(1);

		log.change(RoomEvent.Type.DELETE, aliceId, 305);
		log.messages(bobId, 2);
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(room(alice, roomId).get("lastSeq").asLong()).isEqualTo(308));
		assertThat(room(alice, roomId).get("unread").asLong()).isEqualTo(2);
		assertThat(room(bob, roomId).get("unread").asLong()).isZero();
	}

	@Test
	void aMembershipChangeTellsTheMemberOnlyWhenTheirMarkMovesSoAReplayTellsNobody() {
		String roomId = UUID.randomUUID().toString();
		String aliceId = UUID.randomUUID().toString();
		String daveId = UUID.randomUUID().toString();
		Log log = new Log(roomId);
		log.membership(RoomEvent.Type.ROOM_CREATED, aliceId, aliceId);
		log.membership(RoomEvent.Type.MEMBER_ADDED, aliceId, daveId);
		this.updates.await(daveId, UserUpdate.Type.READ, (update) -> update.data().get("seq").equals(2));

		// the log read again, as after a restart: no mark moves
		log.replay();
		log.membership(RoomEvent.Type.MEMBER_LEFT, daveId, daveId);
		log.membership(RoomEvent.Type.MEMBER_LEFT, aliceId, aliceId);
		this.updates.await(daveId, UserUpdate.Type.READ, (update) -> update.data().get("seq").equals(3));
		this.updates.await(aliceId, UserUpdate.Type.READ, (update) -> update.data().get("seq").equals(4));
		// each user's updates keep their order (one key, one partition)
		assertThat(reads(daveId)).containsExactly(2, 3);
		assertThat(reads(aliceId)).hasSize(2).endsWith(4);
	}

	private List<Object> reads(String userId) {
		return this.updates.of(userId)
			.stream()
			.filter((update) -> update.type() == UserUpdate.Type.READ)
			.map((update) -> update.data().get("seq"))
			.toList();
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

	/** A room's log as chat-service would write it, seq after seq. */
	private static final class Log {

		private final String roomId;

		private final List<RoomEvent> written = new ArrayList<>();

		private long seq;

		Log(String roomId) {
			this.roomId = roomId;
		}

		void messages(String senderId, int count) {
			for (int i = 0; i < count; i++) {
				write(RoomEvent.Type.MESSAGE, senderId, "message " + (this.seq + 1), null, null);
			}
		}

		void change(RoomEvent.Type type, String senderId, long targetSeq) {
			write(type, senderId, (type == RoomEvent.Type.EDIT) ? "edited" : null, null, targetSeq);
		}

		void membership(RoomEvent.Type type, String actorId, String memberId) {
			write(type, actorId, null, memberId, null);
		}

		/** Publishes every event written so far again. */
		void replay() {
			this.written.forEach((event) -> TopicReader.publish(Topics.CHAT_ROOM_EVENTS, this.roomId, event));
		}

		private void write(RoomEvent.Type type, String senderId, String text, String memberId, Long targetSeq) {
			this.seq++;
			RoomEvent event = new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(), type,
					this.roomId, this.seq, UUID.randomUUID().toString(), senderId, "Someone", text, Instant.now(),
					"prev", "hash", memberId, (memberId != null) ? "Member" : null, targetSeq);
			this.written.add(event);
			TopicReader.publish(Topics.CHAT_ROOM_EVENTS, this.roomId, event);
		}

	}

	private static void logEvent(String roomId, long seq, String senderId) {
		TopicReader.publish(Topics.CHAT_ROOM_EVENTS, roomId,
				new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
						RoomEvent.Type.MESSAGE, roomId, seq, UUID.randomUUID().toString(), senderId, "Bob", "hi " + seq,
						Instant.now(), "prev", "hash"));
	}

}
