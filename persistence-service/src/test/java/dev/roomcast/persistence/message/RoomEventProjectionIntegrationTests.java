package dev.roomcast.persistence.message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import dev.roomcast.testsupport.http.HttpProbe;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@RoomcastIntegrationTest
class RoomEventProjectionIntegrationTests {

	private static final EventSerde<RoomEvent> EVENTS = EventSerde.of(RoomEvent.class);

	@Autowired
	MongoTemplate mongo;

	@Autowired
	MessageRepository repository;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void storesABatchOfRoomEventsOnceEachWithTheirExactFields() {
		List<RoomEvent> events = publishedAndStored(300);
		String room = events.get(0).roomId();
		List<RoomEvent> stored = this.repository.findAll(room);
		assertThat(stored).extracting(RoomEvent::seq).containsExactlyElementsOf(seqs(1, 300));
		assertThat(stored).extracting(RoomEvent::hash).containsExactlyElementsOf(hashes(events));
		assertThat(stored.get(0).sentAt()).isEqualTo(events.get(0).sentAt());
		assertThat(stored).allMatch(HashChain::verifies);
		assertThat(HttpProbe.get(this.managementPort, "/actuator/prometheus").body())
			.contains("roomcast_persistence_batch_size_records_count")
			.contains("roomcast_persistence_messages_stored_total")
			.contains("kafka_consumer_fetch_manager_records_lag");
	}

	@Test
	void storesMembershipEventsWithTheirTypeAndMember() {
		String room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = RoomEvents.withMembership(room);
		publish(events);
		awaitStored(room, 4);
		List<RoomEvent> stored = this.repository.findAll(room);
		// occurredAt is stored as a BSON date, to the millisecond
		assertThat(stored).usingRecursiveFieldByFieldElementComparatorIgnoringFields("occurredAt")
			.containsExactlyElementsOf(events);
		assertThat(stored).allMatch(HashChain::verifies);
	}

	@Test
	void aRedeliveryWritesNothingTwice() {
		List<RoomEvent> events = publishedAndStored(50);
		String room = events.get(0).roomId();
		List<RoomEvent> replayed = new ArrayList<>(events);
		replayed.replaceAll((event) -> new RoomEvent(event.schemaVersion(), "replayed", event.occurredAt(),
				event.type(), event.roomId(), event.seq(), event.messageId(), event.senderId(), event.senderName(),
				event.text(), event.sentAt(), event.prevHash(), event.hash()));
		publish(replayed);
		publishedAndStored(1);
		assertThat(count(room)).isEqualTo(50);
		assertThat(this.mongo.count(Query.query(Criteria.where("roomId").is(room).and("eventId").is("replayed")),
				MessageDocument.class))
			.isZero();
	}

	@Test
	void deadLettersPoisonRecordsAndStoresTheRecordsAfterThem() {
		String room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = RoomEvents.chain(room, 3);
		publish(events.subList(0, 1));
		TopicReader.producer()
			.send(new ProducerRecord<>(Topics.CHAT_ROOM_EVENTS, room, "{not json".getBytes(StandardCharsets.UTF_8)));
		TopicReader.producer()
			.send(new ProducerRecord<>(Topics.CHAT_ROOM_EVENTS, room,
					("{\"roomId\":\"" + room + "\",\"seq\":0}").getBytes(StandardCharsets.UTF_8)));
		publish(events.subList(1, 3));
		awaitStored(room, 3);
		List<ConsumerRecord<String, byte[]>> dead = awaitDeadLetters(room, 2);
		assertThat(dead).extracting((record) -> new String(record.value(), StandardCharsets.UTF_8))
			.containsExactly("{not json", "{\"roomId\":\"" + room + "\",\"seq\":0}");
		assertThat(dead.get(0).headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
		assertThat(HttpProbe.get(this.managementPort, "/actuator/prometheus").body()).contains(
				"roomcast_kafka_dead_lettered_total{application=\"persistence-service\",topic=\"chat.room-events\"}");
	}

	/** A new room's chain of events, published and then stored. */
	private List<RoomEvent> publishedAndStored(int count) {
		String room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = RoomEvents.chain(room, count);
		publish(events);
		awaitStored(room, count);
		return events;
	}

	private void publish(List<RoomEvent> events) {
		for (RoomEvent event : events) {
			TopicReader.producer()
				.send(new ProducerRecord<>(Topics.CHAT_ROOM_EVENTS, event.roomId(),
						EVENTS.serialize(Topics.CHAT_ROOM_EVENTS, event)));
		}
		TopicReader.producer().flush();
	}

	private long count(String room) {
		return this.mongo.count(Query.query(Criteria.where("roomId").is(room)), MessageDocument.class);
	}

	private void awaitStored(String room, long expected) {
		await().atMost(Duration.ofSeconds(60)).until(() -> count(room) >= expected);
		assertThat(count(room)).isEqualTo(expected);
	}

	private static List<Long> seqs(long from, long to) {
		return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
	}

	private static List<String> hashes(List<RoomEvent> events) {
		return events.stream().map(RoomEvent::hash).toList();
	}

	private static List<ConsumerRecord<String, byte[]>> awaitDeadLetters(String key, int count) {
		return TopicReader.read(Topics.deadLetter(Topics.CHAT_ROOM_EVENTS), (record) -> key.equals(record.key()), count,
				Duration.ofSeconds(60));
	}

}
