package dev.roomcast.account.room;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.RoomSnapshot;
import dev.roomcast.events.Topics;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@RoomcastIntegrationTest
class RoomIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	RoomSnapshotRepublisher republisher;

	SnapshotWatcher snapshots;

	ApiClient alice;

	ApiClient bob;

	ApiClient carol;

	String aliceId;

	String bobId;

	String carolId;

	@BeforeEach
	void users() {
		this.snapshots = new SnapshotWatcher();
		this.alice = ApiClient.local(this.port).withNewUser("alice");
		this.bob = ApiClient.local(this.port).withNewUser("bob");
		this.carol = ApiClient.local(this.port).withNewUser("carol");
		this.aliceId = this.alice.userId();
		this.bobId = this.bob.userId();
		this.carolId = this.carol.userId();
	}

	@AfterEach
	void close() {
		this.snapshots.close();
	}

	@Test
	void aPairHasOneDirectRoomPublishedOnCreation() {
		this.alice.befriend(this.bob);
		JsonNode room = this.alice.directRoom(this.bobId);
		assertThat(room.get("kind").asString()).isEqualTo("DIRECT");
		assertThat(room.get("memberIds").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder(this.aliceId,
				this.bobId);
		assertThat(this.bob.directRoom(this.aliceId).get("id")).isEqualTo(room.get("id"));
		assertThat(this.alice.directRoom(this.bobId).get("id")).isEqualTo(room.get("id"));

		RoomSnapshot snapshot = this.snapshots.await(room.get("id").asString(), (value) -> value != null).value();
		assertThat(snapshot.kind()).isEqualTo(RoomSnapshot.Kind.DIRECT);
		assertThat(snapshot.memberIds()).containsExactlyInAnyOrder(this.aliceId, this.bobId);
		assertThat(this.bob.rooms().valueStream().map((r) -> r.get("id"))).containsExactly(room.get("id"));
	}

	@Test
	void directRoomsAreForAcceptedContactsOnly() {
		assertThat(this.alice.post("/api/rooms/direct", Map.of("userId", this.bobId)).status()).isEqualTo(403);
		this.alice.requestContact(this.bob.username());
		assertThat(this.alice.post("/api/rooms/direct", Map.of("userId", this.bobId)).status()).isEqualTo(403);
		assertThat(this.alice.post("/api/rooms/direct", Map.of("userId", "nobody")).status()).isEqualTo(404);
		assertThat(this.alice.post("/api/rooms/direct", Map.of("userId", this.aliceId)).status()).isEqualTo(400);
		assertThat(this.alice.post("/api/rooms/direct", Map.of()).status()).isEqualTo(400);
	}

	@Test
	void groupRoomsAreOwnedByTheCreatorAndLimitedToContacts() {
		this.alice.befriend(this.bob);
		JsonNode room = this.alice.createGroup("Team", List.of(this.bobId));
		assertThat(room.get("kind").asString()).isEqualTo("GROUP");
		assertThat(room.get("name").asString()).isEqualTo("Team");
		assertThat(room.get("ownerId").asString()).isEqualTo(this.aliceId);
		assertThat(room.get("members").findValuesAsString("id")).containsExactly(this.aliceId, this.bobId);
		assertThat(this.bob.room(room.get("id").asString()).get("id")).isEqualTo(room.get("id"));

		ApiClient.Response notContact = this.alice.post("/api/rooms",
				Map.of("name", "x", "memberIds", List.of(this.carolId)));
		assertThat(notContact.status()).isEqualTo(403);
		assertThat(this.alice.post("/api/rooms", Map.of("name", "x", "memberIds", List.of("nobody"))).status())
			.isEqualTo(404);
		ApiClient.Response blankName = this.alice.post("/api/rooms", Map.of("name", " ", "memberIds", List.of()));
		assertThat(blankName.status()).isEqualTo(400);
		assertThat(blankName.body().get("detail").asString()).contains("name");
		assertThat(this.alice.post("/api/rooms", Map.of("name", "n".repeat(81), "memberIds", List.of()))
			.body()
			.get("errors")
			.findValuesAsString("field")).containsExactly("name");
	}

	@Test
	void onlyMembersSeeARoomAndUnknownRoomsAre404() {
		JsonNode room = this.alice.createGroup("Private", List.of());
		String roomId = room.get("id").asString();
		assertThat(this.carol.get("/api/rooms/" + roomId).status()).isEqualTo(403);
		assertThat(this.carol.get("/api/rooms/no-such-room").status()).isEqualTo(404);
		assertThat(this.carol.rooms().isEmpty()).isTrue();
		assertThat(this.alice.rooms().valueStream().map((r) -> r.get("id").asString())).containsExactly(roomId);
	}

	@Test
	void everyMembershipChangePublishesANewerSnapshotAndTheLastLeaveATombstone() {
		this.alice.befriend(this.bob);
		this.alice.befriend(this.carol);
		JsonNode room = this.alice.createGroup("Changing", List.of(this.bobId));
		String roomId = room.get("id").asString();
		long created = this.snapshots.await(roomId, (value) -> value != null).value().version();

		JsonNode added = this.alice.addMember(roomId, this.carolId);
		assertThat(added.get("memberIds").valueStream().map(JsonNode::asString)).contains(this.carolId);
		long afterAdd = this.snapshots.await(roomId, (value) -> value != null && value.hasMember(this.carolId))
			.value()
			.version();
		assertThat(afterAdd).isGreaterThan(created);

		assertThat(this.bob.post("/api/rooms/" + roomId + "/members", Map.of("userId", this.carolId)).status())
			.isEqualTo(403);
		assertThat(this.bob.delete("/api/rooms/" + roomId + "/members/" + this.carolId).status()).isEqualTo(403);
		assertThat(this.carol.post("/api/rooms/" + roomId + "/members", Map.of("userId", "nobody")).status())
			.isEqualTo(403);
		assertThat(this.alice.post("/api/rooms/" + roomId + "/members", Map.of("userId", "nobody")).status())
			.isEqualTo(404);
		assertThat(this.alice.post("/api/rooms/no-such-room/members", Map.of("userId", this.bobId)).status())
			.isEqualTo(404);

		this.alice.removeMember(roomId, this.carolId);
		long afterRemove = this.snapshots
			.await(roomId, (value) -> value != null && !value.hasMember(this.carolId) && value.version() > afterAdd)
			.value()
			.version();
		assertThat(this.carol.get("/api/rooms/" + roomId).status()).isEqualTo(403);

		this.alice.removeMember(roomId, this.aliceId);
		RoomSnapshot ownerLeft = this.snapshots.await(roomId, (value) -> value != null && value.version() > afterRemove)
			.value();
		assertThat(ownerLeft.ownerId()).isEqualTo(this.bobId);
		assertThat(ownerLeft.memberIds()).containsExactly(this.bobId);

		this.bob.removeMember(roomId, this.bobId);
		ConsumerRecord<String, RoomSnapshot> tombstone = this.snapshots.await(roomId, (value) -> value == null);
		assertThat(tombstone.value()).isNull();
		assertThat(this.bob.get("/api/rooms/" + roomId).status()).isEqualTo(404);
	}

	@Test
	void everyMembershipChangeIsSubmittedToTheRoomsLogInOrder() {
		this.alice.befriend(this.bob);
		this.alice.befriend(this.carol);
		String roomId = this.alice.createGroup("Logged", List.of(this.bobId)).get("id").asString();
		this.alice.addMember(roomId, this.carolId);
		this.alice.removeMember(roomId, this.carolId);
		this.bob.removeMember(roomId, this.bobId);
		List<MessageSubmitted> changes = TopicReader
			.read(Topics.CHAT_INBOUND, (record) -> roomId.equals(record.key()), 5, Duration.ofSeconds(30))
			.stream()
			.map((record) -> EventSerde.of(MessageSubmitted.class).deserialize(record.topic(), record.value()))
			.toList();
		assertThat(changes).extracting(MessageSubmitted::type, MessageSubmitted::senderId, MessageSubmitted::memberId)
			.containsExactly(tuple(RoomEvent.Type.ROOM_CREATED, this.aliceId, this.aliceId),
					tuple(RoomEvent.Type.MEMBER_ADDED, this.aliceId, this.bobId),
					tuple(RoomEvent.Type.MEMBER_ADDED, this.aliceId, this.carolId),
					tuple(RoomEvent.Type.MEMBER_REMOVED, this.aliceId, this.carolId),
					tuple(RoomEvent.Type.MEMBER_LEFT, this.bobId, this.bobId));
		assertThat(changes).allSatisfy((change) -> {
			assertThat(change.roomId()).isEqualTo(roomId);
			assertThat(change.text()).isNull();
			assertThat(change.senderName()).isNotBlank();
			assertThat(change.memberName()).isNotBlank();
			assertThat(change.schemaVersion()).isEqualTo(MessageSubmitted.SCHEMA_VERSION);
		});
		assertThat(changes).extracting(MessageSubmitted::messageId).doesNotHaveDuplicates();
		assertThat(changes.get(3).roomVersion()).isGreaterThan(changes.get(2).roomVersion());
	}

	@Test
	void blockingTakesTheBlockedUserOutOfTheDirectRoom() {
		this.alice.befriend(this.bob);
		String roomId = this.alice.directRoom(this.bobId).get("id").asString();
		this.alice.blockContact(this.bobId);
		RoomSnapshot snapshot = this.snapshots.await(roomId, (value) -> value != null && !value.hasMember(this.bobId))
			.value();
		assertThat(snapshot.memberIds()).containsExactly(this.aliceId);
		assertThat(this.bob.get("/api/rooms/" + roomId).status()).isEqualTo(403);
		assertThat(this.bob.rooms().isEmpty()).isTrue();
	}

	@Test
	void startupRepublishesEveryRoomAndTombstone() {
		JsonNode kept = this.alice.createGroup("Kept", List.of());
		JsonNode gone = this.bob.createGroup("Gone", List.of());
		String keptId = kept.get("id").asString();
		String goneId = gone.get("id").asString();
		this.bob.removeMember(goneId, this.bobId);
		this.snapshots.await(goneId, (value) -> value == null);
		int keptBefore = this.snapshots.seen(keptId).size();
		int goneBefore = this.snapshots.seen(goneId).size();

		this.republisher.republishAll();

		this.snapshots.await(keptId, (value) -> value != null);
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> {
			this.snapshots.await(keptId, (value) -> value != null);
			return this.snapshots.seen(keptId).size() > keptBefore && this.snapshots.seen(goneId).size() > goneBefore;
		});
		List<ConsumerRecord<String, RoomSnapshot>> keptRecords = this.snapshots.seen(keptId);
		assertThat(keptRecords.get(keptRecords.size() - 1).value().name()).isEqualTo("Kept");
		List<ConsumerRecord<String, RoomSnapshot>> goneRecords = this.snapshots.seen(goneId);
		assertThat(goneRecords.get(goneRecords.size() - 1).value()).isNull();
	}

}
