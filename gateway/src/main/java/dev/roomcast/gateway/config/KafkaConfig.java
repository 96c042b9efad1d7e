package dev.roomcast.gateway.config;

import java.util.Map;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.MessageRejected;
import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.RoomRead;
import dev.roomcast.events.UserUpdate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * The gateway produces {@code chat.inbound} and {@code user.read-state} (idempotent,
 * acks=all, linger.ms from the yml) and reads {@code chat.room-events}
 * ({@code read_uncommitted}), {@code chat.notices} and {@code user.updates} from the end,
 * each on all partitions and outside any consumer group ({@code group.id} is unset),
 * committing nothing; kafka-support reads {@code account.rooms}. A record that cannot be
 * handled is skipped by kafka-support's error handler (logged and counted in
 * {@code roomcast.kafka.records.skipped}); the fan-out goes on (persistence-service
 * dead-letters bad room events).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

	@Bean
	DefaultKafkaProducerFactory<String, MessageSubmitted> messageSubmittedProducerFactory(KafkaProperties properties,
			ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
		return producerFactory(MessageSubmitted.class, properties, customizers);
	}

	@Bean
	KafkaTemplate<String, MessageSubmitted> messageSubmittedTemplate(
			DefaultKafkaProducerFactory<String, MessageSubmitted> messageSubmittedProducerFactory) {
		return new KafkaTemplate<>(messageSubmittedProducerFactory);
	}

	@Bean
	KafkaTemplate<String, RoomRead> roomReadTemplate(KafkaProperties properties,
			ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
		return new KafkaTemplate<>(producerFactory(RoomRead.class, properties, customizers));
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, RoomEvent> roomEventListenerContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, KafkaProperties properties,
			ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers) {
		// live delivery does not wait for chat-service's transactions to commit: see
		// RoomSequences for how events of an aborted transaction are handled
		return containerFactory(RoomEvent.class, configurer, properties, customizers,
				Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"));
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, MessageRejected> noticeListenerContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, KafkaProperties properties,
			ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers) {
		return containerFactory(MessageRejected.class, configurer, properties, customizers, Map.of());
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, UserUpdate> userUpdateListenerContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, KafkaProperties properties,
			ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers) {
		return containerFactory(UserUpdate.class, configurer, properties, customizers, Map.of());
	}

	private static <T> DefaultKafkaProducerFactory<String, T> producerFactory(Class<T> type, KafkaProperties properties,
			ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
		DefaultKafkaProducerFactory<String, T> factory = new DefaultKafkaProducerFactory<>(
				properties.buildProducerProperties(), new StringSerializer(), EventSerde.of(type));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(factory));
		return factory;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static <T> ConcurrentKafkaListenerContainerFactory<String, T> containerFactory(Class<T> type,
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, KafkaProperties properties,
			ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> customizers, Map<String, Object> overrides) {
		Map<String, Object> consumerProperties = properties.buildConsumerProperties();
		consumerProperties.putAll(overrides);
		DefaultKafkaConsumerFactory<String, T> consumerFactory = new DefaultKafkaConsumerFactory<>(consumerProperties,
				new StringDeserializer(), new ErrorHandlingDeserializer<>(EventSerde.of(type)));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(consumerFactory));
		ConcurrentKafkaListenerContainerFactory<String, T> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure((ConcurrentKafkaListenerContainerFactory) factory, (ConsumerFactory) consumerFactory);
		// No group: never commit (the ack is never called).
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
		return factory;
	}

}
