package dev.roomcast.chat.message;

import dev.roomcast.chat.config.ChatProperties;
import dev.roomcast.events.EventSerde;
import dev.roomcast.events.MessageRejected;
import dev.roomcast.events.RoomDirectory;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * chat.inbound → {@link MessageSequencer} → chat.room-events, chat.notices or
 * chat.inbound-dlt. Values are read as bytes so that the sequencer decides what is
 * poison.
 */
@Configuration(proxyBeanMethods = false)
public class OrderingTopology {

	/** roomId → {@link RoomState}. */
	static final String ROOM_STATE_STORE = "room-state";

	/**
	 * roomId + messageId → seq, kept for good: a repeated messageId is dropped forever.
	 */
	static final String MESSAGE_ID_STORE = "room-message-ids";

	@Bean
	KStream<String, Object> orderingStream(StreamsBuilder builder, RoomDirectory directory, ChatProperties properties,
			MeterRegistry registry) {
		return build(builder, directory, properties, new SequencerMetrics(registry));
	}

	static KStream<String, Object> build(StreamsBuilder builder, RoomDirectory directory, ChatProperties properties,
			SequencerMetrics metrics) {
		// In-memory stores, restored from their changelog topics on start: under
		// exactly-once, every commit flushed persistent RocksDB stores to disk and held
		// ordering to ~70 messages/s on the 2-core machine (docs/benchmarks.md).
		// A room's state changes with every message but only the last one of a commit
		// matters: the cache writes it to the changelog once per room and commit
		// instead of once per message (a third of the records chat-service produced).
		builder.addStateStore(
				Stores
					.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ROOM_STATE_STORE), Serdes.String(),
							EventSerde.of(RoomState.class))
					.withCachingEnabled());
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MESSAGE_ID_STORE),
				Serdes.String(), Serdes.Long()));
		MessageSequencer.SequencerSettings settings = new MessageSequencer.SequencerSettings(properties.maxTextLength(),
				properties.membershipWait());
		KStream<String, Object> outcomes = builder
			.stream(Topics.CHAT_INBOUND, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("inbound"))
			.process(() -> new MessageSequencer(directory, settings, metrics), Named.as("sequencer"), ROOM_STATE_STORE,
					MESSAGE_ID_STORE);
		outcomes.filter((key, value) -> value instanceof RoomEvent, Named.as("accepted"))
			.mapValues((value) -> (RoomEvent) value)
			.to(Topics.CHAT_ROOM_EVENTS, Produced.with(Serdes.String(), EventSerde.of(RoomEvent.class)));
		outcomes.filter((key, value) -> value instanceof MessageRejected, Named.as("rejected"))
			.mapValues((value) -> (MessageRejected) value)
			.to(Topics.CHAT_NOTICES, Produced.with(Serdes.String(), EventSerde.of(MessageRejected.class)));
		outcomes.filter((key, value) -> value instanceof DeadLetter, Named.as("dead-lettered"))
			.mapValues((value) -> ((DeadLetter) value).value())
			.to(Topics.deadLetter(Topics.CHAT_INBOUND), Produced.with(Serdes.String(), Serdes.ByteArray()));
		return outcomes;
	}

}
