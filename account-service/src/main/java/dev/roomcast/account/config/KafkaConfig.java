package dev.roomcast.account.config;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.RoomSnapshot;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Room snapshots and membership changes as {@code EventJson} without type headers, with
 * Boot's producer settings (acks=all, idempotence).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

	@Bean
	KafkaTemplate<String, RoomSnapshot> roomSnapshotKafkaTemplate(KafkaProperties properties) {
		return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(properties.buildProducerProperties(),
				new StringSerializer(), EventSerde.of(RoomSnapshot.class)));
	}

	@Bean
	KafkaTemplate<String, MessageSubmitted> membershipKafkaTemplate(KafkaProperties properties) {
		return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(properties.buildProducerProperties(),
				new StringSerializer(), EventSerde.of(MessageSubmitted.class)));
	}

}
