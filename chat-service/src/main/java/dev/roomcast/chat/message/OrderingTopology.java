package dev.roomcast.chat.message;

import dev.roomcast.chat.config.ChatProperties;
import dev.roomcast.chat.signing.AuditSigningProperties;
import dev.roomcast.chat.signing.HeadSigner;
import dev.roomcast.chat.signing.HeadSigningProperties;
import dev.roomcast.events.ChainHeadSigned;
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
 * chat.inbound → {@link MessageSequencer} → chat.room-events, chat.notices,
 * chat.chain-heads or chat.inbound-dlt. Values are read as bytes so that the sequencer
 * decides what is poison.
 */
@Configuration(proxyBeanMethods = false)
public class OrderingTopology {

	/** roomId → {@link RoomState}. */
	static final String ROOM_STATE_STORE = "room-state";

	/**
	 * roomId + messageId → seq, kept for good: a repeated messageId is dropped forever.
	 */
	static final String MESSAGE_ID_STORE = "room-message-ids";

	/**
	 * roomId + seq of each message → {@link PostedMessage}: who may edit or delete it and
	 * until when.
	 */
	static final String MESSAGE_STORE = "room-messages";

	@Bean
	HeadSigner headSigner(AuditSigningProperties properties) {
		return HeadSigner.of(properties);
	}

	@Bean
	KStream<String, Object> orderingStream(StreamsBuilder builder, RoomDirectory directory, HeadSigner signer,
			ChatProperties properties, HeadSigningProperties signing, MeterRegistry registry) {
		return build(builder, directory, signer, properties, signing, new SequencerMetrics(registry));
	}

	static KStream<String, Object> build(StreamsBuilder builder, RoomDirectory directory, HeadSigner signer,
			ChatProperties properties, HeadSigningProperties signing, SequencerMetrics metrics) {
		// A room's state is small and in memory, written to its changelog with
		// each message. Not cached: a cache writes it only at the commit, where
		// the changelog's partitions would join the transaction, each checked by
		// the transaction coordinator while the stream thread waits. Every
		// messageId ever ordered is kept in RocksDB, off the heap: in memory it
		// would grow with every message and slow every young collection until the
		// heap filled. The facts of every message (sender, time, deleted) that
		// edits and deletions are checked against are kept the same way. All are
		// restored from their changelogs when lost (docs/decisions.md).
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ROOM_STATE_STORE),
				Serdes.String(), EventSerde.of(RoomState.class)));
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MESSAGE_ID_STORE),
				Serdes.String(), Serdes.Long()));
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MESSAGE_STORE),
				Serdes.String(), EventSerde.of(PostedMessage.class)));
		MessageSequencer.SequencerSettings settings = new MessageSequencer.SequencerSettings(
				properties.membershipWait(), signing.everyEvents(), signing.every(), properties.editWindow());
		KStream<String, Object> outcomes = builder
			.stream(Topics.CHAT_INBOUND, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("inbound"))
			.process(() -> new MessageSequencer(directory, signer, settings, metrics), Named.as("sequencer"),
					ROOM_STATE_STORE, MESSAGE_ID_STORE, MESSAGE_STORE);
		outcomes.filter((key, value) -> value instanceof RoomEvent, Named.as("accepted"))
			.mapValues((value) -> (RoomEvent) value)
			.to(Topics.CHAT_ROOM_EVENTS, Produced.with(Serdes.String(), EventSerde.of(RoomEvent.class)));
		outcomes.filter((key, value) -> value instanceof MessageRejected, Named.as("rejected"))
			.mapValues((value) -> (MessageRejected) value)
			.to(Topics.CHAT_NOTICES, Produced.with(Serdes.String(), EventSerde.of(MessageRejected.class)));
		outcomes.filter((key, value) -> value instanceof ChainHeadSigned, Named.as("heads-signed"))
			.mapValues((value) -> (ChainHeadSigned) value)
			.to(Topics.CHAT_CHAIN_HEADS, Produced.with(Serdes.String(), EventSerde.of(ChainHeadSigned.class)));
		outcomes.filter((key, value) -> value instanceof DeadLetter, Named.as("dead-lettered"))
			.mapValues((value) -> ((DeadLetter) value).value())
			.to(Topics.deadLetter(Topics.CHAT_INBOUND), Produced.with(Serdes.String(), Serdes.ByteArray()));
		return outcomes;
	}

}
