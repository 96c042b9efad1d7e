package dev.roomcast.account.room;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.RoomSnapshot;
import dev.roomcast.events.Topics;
import dev.roomcast.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads {@code account.rooms} from the moment it is created, as the other services do.
 */
final class SnapshotWatcher implements AutoCloseable {

	private final KafkaConsumer<String, RoomSnapshot> consumer;

	private final List<ConsumerRecord<String, RoomSnapshot>> seen = new ArrayList<>();

	SnapshotWatcher() {
		this.consumer = TopicReader.consumerAtEnd(Topics.ACCOUNT_ROOMS, EventSerde.of(RoomSnapshot.class));
	}

	/**
	 * Waits for a record of the room matching a condition ({@code null} value =
	 * tombstone).
	 * @param roomId the room
	 * @param condition on the value
	 * @return the record
	 */
	ConsumerRecord<String, RoomSnapshot> await(String roomId, Predicate<RoomSnapshot> condition) {
		return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
			this.consumer.poll(Duration.ofMillis(100)).forEach(this.seen::add);
			return find(roomId, condition);
		}, Optional::isPresent).orElseThrow();
	}

	List<ConsumerRecord<String, RoomSnapshot>> seen(String roomId) {
		return this.seen.stream().filter((record) -> record.key().equals(roomId)).toList();
	}

	private Optional<ConsumerRecord<String, RoomSnapshot>> find(String roomId, Predicate<RoomSnapshot> condition) {
		return this.seen.stream()
			.filter((record) -> record.key().equals(roomId) && condition.test(record.value()))
			.findFirst();
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
