package dev.roomcast.chat.message;

import java.util.List;

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
import org.apache.kafka.streams.state.StoreBuilder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * chat.inbound → {@link MessageSequencer} → chat.room-events, chat.notices,
 * chat.chain-heads or chat.inbound-dlt. Values are read as bytes so that the sequencer
 * decides what is poison.
 */
@Configuration(proxyBeanMethods = false)
public class OrderingTopology {

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
		// everything the sequencer keeps, restored from its changelog when lost
		// (docs/decisions.md)
		List<StoreBuilder<?>> stores = SequencerStore.builders();
		stores.forEach(builder::addStateStore);
		MessageSequencer.SequencerSettings settings = new MessageSequencer.SequencerSettings(
				properties.membershipWait(), signing.everyEvents(), signing.every(), properties.editWindow());
		KStream<String, Object> outcomes = builder
			.stream(Topics.CHAT_INBOUND, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("inbound"))
			.process(() -> new MessageSequencer(directory, signer, settings, metrics), Named.as("sequencer"),
					stores.stream().map(StoreBuilder::name).toArray(String[]::new));
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
