package dev.roomcast.account.config;

import java.util.Map;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.RoomRead;
import dev.roomcast.events.RoomSnapshot;
import dev.roomcast.events.UserUpdate;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Room snapshots, membership changes and user updates as {@code EventJson} without type
 * headers, with Boot's producer settings (acks=all, idempotence); user updates wait at
 * most {@value #UPDATE_MAX_BLOCK_MS} ms for the broker's metadata, so a slow broker never
 * holds a request. Read marks ({@code user.read-state}) and the room log
 * ({@code chat.room-events}, in batches) are read in consumer groups, committed after
 * each batch; an unreadable record is logged and skipped by Boot's error handler.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

	static final int UPDATE_MAX_BLOCK_MS = 2000;

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

	@Bean
	KafkaTemplate<String, UserUpdate> userUpdateKafkaTemplate(KafkaProperties properties) {
		Map<String, Object> producer = properties.buildProducerProperties();
		producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, UPDATE_MAX_BLOCK_MS);
		return new KafkaTemplate<>(
				new DefaultKafkaProducerFactory<>(producer, new StringSerializer(), EventSerde.of(UserUpdate.class)));
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, RoomRead> roomReadListenerContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, KafkaProperties properties) {
		return containerFactory(RoomRead.class, configurer, properties);
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, RoomEvent> roomEventBatchListenerContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, KafkaProperties properties) {
		ConcurrentKafkaListenerContainerFactory<String, RoomEvent> factory = containerFactory(RoomEvent.class,
				configurer, properties);
		factory.setBatchListener(true);
		return factory;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static <T> ConcurrentKafkaListenerContainerFactory<String, T> containerFactory(Class<T> type,
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, KafkaProperties properties) {
		DefaultKafkaConsumerFactory<String, T> consumerFactory = new DefaultKafkaConsumerFactory<>(
				properties.buildConsumerProperties(), new StringDeserializer(),
				new ErrorHandlingDeserializer<>(EventSerde.of(type)));
		ConcurrentKafkaListenerContainerFactory<String, T> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure((ConcurrentKafkaListenerContainerFactory) factory, (ConsumerFactory) consumerFactory);
		return factory;
	}

}
