package dev.roomcast.persistence.config;

import dev.roomcast.persistence.message.RoomEventDeserializer;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Values of {@code chat.room-events} are read through an
 * {@link ErrorHandlingDeserializer}, so that a poison record reaches the shared error
 * handler (kafka-support) with its original bytes, for the dead-letter topic.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

	@Bean
	@SuppressWarnings({ "unchecked", "rawtypes" })
	DefaultKafkaConsumerFactoryCustomizer roomEventDeserializer() {
		return (factory) -> ((DefaultKafkaConsumerFactory) factory)
			.setValueDeserializerSupplier(() -> new ErrorHandlingDeserializer<>(new RoomEventDeserializer()));
	}

}
