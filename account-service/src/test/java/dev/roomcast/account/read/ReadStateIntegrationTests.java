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
		Group group = aliceAndBobIn("Reading");
		String aliceId = group.aliceId();
		String roomId = group.roomId();
		assertThat(group.aliceSees("lastSeq")).isZero();
		assertThat(group.aliceSees("readSeq")).isZero();

		new Log(roomId).messages(group.bobId(), 300);
		group.awaitAliceSees("lastSeq", 300);
		assertThat(group.aliceSees("readSeq")).isZero();
		assertThat(group.aliceSees("unread")).isEqualTo(300);
		// the sender has read what they sent
		assertThat(group.bobSees("readSeq")).isEqualTo(300);
		assertThat(group.bobSees("unread")).isZero();

		group.aliceMarksRead(120);
		assertThat(this.updates.await(aliceId, UserUpdate.Type.READ, UpdateWatcher.about("roomId", roomId)).data())
			.containsEntry("seq", 120);
		assertThat(group.aliceSees("readSeq")).isEqualTo(120);
		assertThat(group.aliceSees("unread")).isEqualTo(180);

		group.aliceMarksRead(80);
		group.aliceMarksRead(300);
		this.updates.await(aliceId, UserUpdate.Type.READ,
				UpdateWatcher.about("roomId", roomId).and(UpdateWatcher.about("seq", 300)));
		assertThat(group.aliceSees("readSeq")).isEqualTo(300);
		assertThat(this.updates.of(aliceId)).filteredOn((update) -> update.type() == UserUpdate.Type.READ)
			.extracting((update) -> update.data().get("seq"))
			.containsExactly(120, 300);
		assertThat(group.alice().room(roomId).get("readSeq").asLong()).isEqualTo(300);
	}

	@Test
	void unreadCountsOnlyOtherPeoplesMessagesNotEditsDeletionsMembershipOrOwnMessages() {
		Group group = aliceAndBobIn("Counting");
		String bobId = group.bobId();
		assertThat(group.aliceSees("unread")).isZero();

		// 300 messages of Bob's, with edits, a deletion and a membership change in
		// between
		Log log = new Log(group.roomId());
		log.messages(bobId, 100);
		log.change(RoomEvent.Type.EDIT, bobId, 5);
		log.change(RoomEvent.Type.DELETE, bobId, 6);
		log.messages(bobId, 100);
		log.membership(RoomEvent.Type.MEMBER_ADDED, bobId, UUID.randomUUID().toString());
		long afterMembership = log.seq;
		log.messages(bobId, 100);
		log.change(RoomEvent.Type.EDIT, bobId, 250);
		group.awaitAliceSees("lastSeq", 304);
		assertThat(group.aliceSees("unread")).isEqualTo(300);
		assertThat(group.alice().room(group.roomId()).get("unread").asLong()).isEqualTo(300);
		assertThat(group.bobSees("unread")).isZero();

		group.aliceMarksRead(afterMembership);
		group.awaitAliceSees("readSeq", afterMembership);
		assertThat(group.aliceSees("unread")).isEqualTo(100);

		// her own message: read up to it
		log.messages(group.aliceId(), 1);
		group.awaitAliceSees("lastSeq", 305);
		assertThat(group.aliceSees("unread")).isZero();
		assertThat(group.bobSees("unread")).isEqualTo(1);

		log.change(RoomEvent.Type.DELETE, group.aliceId(), 305);
		log.messages(bobId, 2);
		group.awaitAliceSees("lastSeq", 308);
		assertThat(group.aliceSees("unread")).isEqualTo(2);
		assertThat(group.bobSees("unread")).isZero();
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

	/** Alice and Bob, each other's contacts, in a new group of Alice's. */
	private Group aliceAndBobIn(String name) {
		ApiClient alice = ApiClient.local(this.port).withNewUser("alice");
		ApiClient bob = ApiClient.local(this.port).withNewUser("bob");
		alice.befriend(bob);
		String bobId = bob.userId();
		String roomId = alice.createGroup(name, List.of(bobId)).get("id").asString();
		return new Group(alice, bob, alice.userId(), bobId, roomId);
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

	/**
	 * Two members of a group and what {@code GET /api/rooms} lists for each of them.
	 *
	 * @param alice the group's creator
	 * @param bob its other member
	 * @param aliceId Alice's id
	 * @param bobId Bob's id
	 * @param roomId the group
	 */
	private record Group(ApiClient alice, ApiClient bob, String aliceId, String bobId, String roomId) {

		/**
		 * A number Alice's rooms list shows for the group: lastSeq, readSeq or unread.
		 */
		long aliceSees(String field) {
			return listed(this.alice, field);
		}

		long bobSees(String field) {
			return listed(this.bob, field);
		}

		/** Alice's read mark for the group, as a gateway writes it. */
		void aliceMarksRead(long seq) {
			TopicReader.publish(Topics.USER_READ_STATE, RoomRead.key(this.aliceId, this.roomId),
					new RoomRead(RoomRead.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(), this.aliceId,
							this.roomId, seq));
		}

		void awaitAliceSees(String field, long value) {
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(aliceSees(field)).isEqualTo(value));
		}

		private long listed(ApiClient member, String field) {
			for (JsonNode room : member.rooms()) {
				if (room.get("id").asString().equals(this.roomId)) {
					return room.get(field).asLong();
				}
			}
			throw new AssertionError("room " + this.roomId + " not listed");
		}

	}

}
