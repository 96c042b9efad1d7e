package dev.roomcast.persistence.message;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@RoomcastIntegrationTest
class MessageRepositoryIntegrationTests {

	@Autowired
	MessageRepository repository;

	@Autowired
	MongoTemplate mongo;

	@Test
	void storesOnlyTheEventsNotStoredYetAndNeverOverwritesOne() {
		String room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = RoomEvents.chain(room, 8);
		assertThat(this.repository.storeAll(events.subList(0, 5))).isEqualTo(5);
		List<RoomEvent> overlapping = new ArrayList<>(events.subList(2, 8));
		overlapping.replaceAll((event) -> (event.seq() <= 5) ? replayed(event) : event);
		assertThat(this.repository.storeAll(overlapping)).isEqualTo(3);
		assertThat(this.repository.storeAll(events)).isZero();
		List<RoomEvent> stored = this.repository.findAll(room);
		assertThat(stored).extracting(RoomEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
		assertThat(stored).extracting(RoomEvent::eventId)
			.containsExactlyElementsOf(events.stream().map(RoomEvent::eventId).toList());
	}

	@Test
	void appliesEditsAndDeletionsToTheirTargetOnceWhateverTheBatches() {
		String room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = RoomEvents.withChanges(room);
		this.repository.storeAll(events.subList(0, 4));
		this.repository.storeAll(events.subList(2, 7));
		// a redelivery from the first edit on, after the deletion was applied
		this.repository.storeAll(events.subList(2, 7));
		this.repository.storeAll(List.of(events.get(5)));
		Map<Long, Document> stored = storedBySeq(room);
		assertThat(stored.get(1L).get("text")).isEqualTo("final");
		assertThat(stored.get(1L).get("editSeq")).isEqualTo(4L);
		assertThat(stored.get(1L).get("editedAt")).isEqualTo(Date.from(events.get(3).occurredAt()));
		assertThat(stored.get(2L).get("text")).isEqualTo("keep me");
		assertThat(stored.get(2L).containsKey("editSeq")).isFalse();
		assertThat(stored.get(5L).get("deleted")).isEqualTo(true);
		assertThat(stored.get(5L).containsKey("text")).isFalse();
		assertThat(stored.get(6L).get("deleted")).isEqualTo(true);
		assertThat(stored.get(6L).containsKey("text")).isFalse();
		assertThat(stored.get(7L).get("targetSeq")).isEqualTo(5L);
		assertThat(stored.values()).noneMatch((document) -> document.toJson().contains("regret"));
		assertThat(this.repository.findChangedSeqs(room)).containsExactlyInAnyOrder(1L, 5L, 6L);
	}

	private Map<Long, Document> storedBySeq(String room) {
		Map<Long, Document> bySeq = new java.util.TreeMap<>();
		this.mongo.getCollection(MessageDocument.COLLECTION)
			.find(new Document("roomId", room))
			.forEach((document) -> bySeq.put(((Number) document.get("seq")).longValue(), document));
		return bySeq;
	}

	@Test
	void storesAMembershipEventWithItsMember() {
		String room = "room-" + UUID.randomUUID();
		RoomEvent added = RoomEvents.withMembership(room).get(1);
		this.repository.storeAll(List.of(added));
		Document stored = this.mongo.getCollection(MessageDocument.COLLECTION)
			.find(new Document("roomId", room))
			.first();
		assertThat(stored).isNotNull();
		assertThat(stored.get("type")).isEqualTo("MEMBER_ADDED");
		assertThat(stored.get("memberId")).isEqualTo("u-bob");
		assertThat(stored.get("memberName")).isEqualTo("Name of u-bob");
		assertThat(stored.get("text")).isNull();
		assertThat(this.repository.findAll(room)).singleElement()
			.satisfies((read) -> assertThat(HashChain.verifies(read)).isTrue());
	}

	@Test
	void storesTheDocumentShapeTheHistoryAndAuditRead() {
		String room = "room-" + UUID.randomUUID();
		RoomEvent event = RoomEvents.chain(room, 1).get(0);
		this.repository.storeAll(List.of(event));
		Document stored = this.mongo.getCollection(MessageDocument.COLLECTION)
			.find(new Document("roomId", room))
			.first();
		assertThat(stored).isNotNull();
		assertThat(stored.keySet()).containsExactlyInAnyOrder("_id", "roomId", "seq", "eventId", "type", "messageId",
				"senderId", "senderName", "text", "sentAt", "occurredAt", "prevHash", "hash");
		assertThat(stored.get("_id")).isInstanceOf(ObjectId.class);
		assertThat(stored.get("seq")).isEqualTo(1L);
		assertThat(stored.get("type")).isEqualTo("MESSAGE");
		assertThat(stored.get("sentAt")).isEqualTo(event.sentAt().toString());
		assertThat(stored.get("occurredAt")).isEqualTo(Date.from(event.occurredAt()));
		assertThat(this.repository.findAll(room)).singleElement().satisfies((read) -> {
			assertThat(read.hash()).isEqualTo(event.hash());
			assertThat(read.sentAt()).isEqualTo(event.sentAt());
		});
	}

	private static RoomEvent replayed(RoomEvent event) {
		return new RoomEvent(event.schemaVersion(), "replayed", event.occurredAt(), event.type(), event.roomId(),
				event.seq(), event.messageId(), event.senderId(), event.senderName(), event.text(), event.sentAt(),
				event.prevHash(), event.hash());
	}

}
