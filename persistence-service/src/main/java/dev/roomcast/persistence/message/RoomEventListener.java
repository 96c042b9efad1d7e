package dev.roomcast.persistence.message;

import java.util.ArrayList;
import java.util.List;

import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Projects chat.room-events into MongoDB a poll batch at a time. The container commits
 * the batch's offsets only after this returns, so a crash redelivers what may not be
 * stored, and the idempotent inserts store it once. A poison record is reported by its
 * index: the records before it are stored first, the error handler commits them, sends
 * the poison record to the dead-letter topic and goes on with the rest.
 */
@Component
class RoomEventListener {

	/** Only for {@link SerializationUtils}, whose API takes this type of logger. */
	private static final LogAccessor HEADER_LOG = new LogAccessor(RoomEventListener.class);

	private static final Logger mdcLogger = LoggerFactory.getLogger(RoomEventListener.class);

	private final MessageRepository repository;

	private final DistributionSummary batchSize;

	private final Counter stored;

	RoomEventListener(MessageRepository repository, MeterRegistry registry) {
		this.repository = repository;
		this.batchSize = DistributionSummary.builder("roomcast.persistence.batch.size")
			.description("Records of chat.room-events handed to the projection at once")
			.baseUnit("records")
			.publishPercentileHistogram()
			.register(registry);
		this.stored = Counter.builder("roomcast.persistence.messages.stored")
			.description("Room events newly stored in MongoDB (redeliveries excluded)")
			.register(registry);
	}

	/**
	 * The broker holds a fetch until it has a few hundred events or 100 ms have passed:
	 * each batch costs a fetch, an insert and an offset commit, so fewer, bigger batches
	 * cost less per event, while history still follows the live stream closely (a client
	 * opening a room reads history). Only this consumer: the room directory's must stay
	 * prompt.
	 */
	@KafkaListener(id = "room-events-projection", idIsGroup = false, topics = Topics.CHAT_ROOM_EVENTS, batch = "true",
			properties = { ConsumerConfig.FETCH_MIN_BYTES_CONFIG + "=262144",
					ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG + "=100" })
	void onRoomEvents(List<ConsumerRecord<String, RoomEvent>> records) {
		this.batchSize.record(records.size());
		List<RoomEvent> events = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			RuntimeException poison = poison(records.get(i));
			if (poison != null) {
				store(events);
				throw new BatchListenerFailedException(poison.getMessage(), poison, i);
			}
			events.add(records.get(i).value());
		}
		store(events);
	}

	/**
	 * Stores a batch. A batch holds many messages: a log line of its write carries the
	 * ids of a one-message batch, and at DEBUG each stored message is logged with its ids
	 * in the MDC, so a message can be followed from the gateway to the store.
	 */
	private void store(List<RoomEvent> events) {
		try {
			if (events.size() == 1) {
				mdc(events.get(0));
			}
			this.stored.increment(this.repository.storeAll(events));
			if (mdcLogger.isDebugEnabled()) {
				for (RoomEvent event : events) {
					mdc(event);
					mdcLogger.debug("Stored seq {} of room {}", event.seq(), event.roomId());
				}
			}
		}
		finally {
			MDC.remove("roomId");
			MDC.remove("messageId");
			MDC.remove("userId");
		}
	}

	private static void mdc(RoomEvent event) {
		MDC.put("roomId", event.roomId());
		MDC.put("messageId", event.messageId());
		MDC.put("userId", event.senderId());
	}

	/**
	 * A batch listener sees an unreadable record as a null value with the
	 * {@code ErrorHandlingDeserializer}'s header, which holds the failure and the
	 * original bytes for the dead-letter topic.
	 */
	private static RuntimeException poison(ConsumerRecord<String, RoomEvent> record) {
		DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, HEADER_LOG);
		if (unreadable != null) {
			return unreadable;
		}
		if (record.value() == null) {
			return new InvalidRoomEventException("A null value is not a room event");
		}
		return null;
	}

}
