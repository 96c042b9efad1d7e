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
import dev.roomcast.infra.HttpProbe;
import dev.roomcast.infra.TopicReader;
import dev.roomcast.persistence.PersistenceIntegrationTestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RoomEventProjectionIntegrationTests extends PersistenceIntegrationTestSupport {

	private static final EventSerde<RoomEvent> EVENTS = EventSerde.of(RoomEvent.class);

	private static KafkaProducer<String, byte[]> producer;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	MessageRepository repository;

	@LocalServerPort
	int port;

	@BeforeAll
	static void createProducer() {
		producer = TopicReader.producer();
	}

	@AfterAll
	static void closeProducer() {
		producer.close();
	}

	@Test
	void storesABatchOfRoomEventsOnceEachWithTheirExactFields() {
		String room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = RoomEvents.chain(room, 300);
		publish(events);
		awaitStored(room, 300);
		List<RoomEvent> stored = this.repository.findAll(room);
		assertThat(stored).extracting(RoomEvent::seq).containsExactlyElementsOf(seqs(1, 300));
		assertThat(stored).extracting(RoomEvent::hash).containsExactlyElementsOf(hashes(events));
		assertThat(stored.get(0).sentAt()).isEqualTo(events.get(0).sentAt());
		assertThat(stored).allMatch(HashChain::verifies);
		assertThat(HttpProbe.get(this.port, "/actuator/prometheus").body())
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
		String room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = RoomEvents.chain(room, 50);
		publish(events);
		awaitStored(room, 50);
		List<RoomEvent> replayed = new ArrayList<>(events);
		replayed.replaceAll((event) -> new RoomEvent(event.schemaVersion(), "replayed", event.occurredAt(),
				event.type(), event.roomId(), event.seq(), event.messageId(), event.senderId(), event.senderName(),
				event.text(), event.sentAt(), event.prevHash(), event.hash()));
		publish(replayed);
		String marker = "room-" + UUID.randomUUID();
		publish(RoomEvents.chain(marker, 1));
		awaitStored(marker, 1);
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
		producer
			.send(new ProducerRecord<>(Topics.CHAT_ROOM_EVENTS, room, "{not json".getBytes(StandardCharsets.UTF_8)));
		producer.send(new ProducerRecord<>(Topics.CHAT_ROOM_EVENTS, room,
				("{\"roomId\":\"" + room + "\",\"seq\":0}").getBytes(StandardCharsets.UTF_8)));
		publish(events.subList(1, 3));
		awaitStored(room, 3);
		List<ConsumerRecord<String, byte[]>> dead = awaitDeadLetters(room, 2);
		assertThat(dead).extracting((record) -> new String(record.value(), StandardCharsets.UTF_8))
			.containsExactly("{not json", "{\"roomId\":\"" + room + "\",\"seq\":0}");
		assertThat(dead.get(0).headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
		assertThat(HttpProbe.get(this.port, "/actuator/prometheus").body())
			.contains("roomcast_persistence_dead_lettered_total");
	}

	private void publish(List<RoomEvent> events) {
		for (RoomEvent event : events) {
			producer.send(new ProducerRecord<>(Topics.CHAT_ROOM_EVENTS, event.roomId(),
					EVENTS.serialize(Topics.CHAT_ROOM_EVENTS, event)));
		}
		producer.flush();
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
