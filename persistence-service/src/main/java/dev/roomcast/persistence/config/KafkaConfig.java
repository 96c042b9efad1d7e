package dev.roomcast.persistence.config;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.roomcast.events.EventJson;
import dev.roomcast.events.RoomDirectory;
import dev.roomcast.events.RoomDirectoryFeed;
import dev.roomcast.events.Topics;
import dev.roomcast.persistence.message.InvalidRoomEventException;
import dev.roomcast.persistence.message.RoomEventDeserializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka wiring: values read through an {@link ErrorHandlingDeserializer}, one
 * {@link DefaultErrorHandler} with bounded back-off that dead-letters poison records, and
 * the room directory feed.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfig {

	@Bean
	RoomDirectory roomDirectory() {
		return new RoomDirectory();
	}

	@Bean(initMethod = "start", destroyMethod = "close")
	RoomDirectoryFeed roomDirectoryFeed(RoomDirectory directory, KafkaProperties kafka,
			PersistenceProperties properties) {
		return new RoomDirectoryFeed(directory, kafka.buildConsumerProperties(), properties.directoryStartupTimeout());
	}

	@Bean
	@SuppressWarnings({ "unchecked", "rawtypes" })
	DefaultKafkaConsumerFactoryCustomizer roomEventDeserializer() {
		return (factory) -> ((DefaultKafkaConsumerFactory) factory)
			.setValueDeserializerSupplier(() -> new ErrorHandlingDeserializer<>(new RoomEventDeserializer()));
	}

	/**
	 * Sends dead letters as they came: the original bytes of an unreadable record, the
	 * JSON of a readable but invalid one.
	 */
	@Bean
	KafkaTemplate<Object, Object> deadLetterTemplate(KafkaProperties kafka) {
		Map<String, Object> producer = kafka.buildProducerProperties();
		return new KafkaTemplate<>(
				new DefaultKafkaProducerFactory<>(producer, new DeadLetterSerializer(), new DeadLetterSerializer()));
	}

	/**
	 * Poison records (unreadable, or not a storable event) go to
	 * {@code chat.room-events-dlt} after the bounded retries. Anything else, such as a
	 * MongoDB outage, is refused by the recoverer, so the batch is sought back and tried
	 * again until it is stored: an event of the log is never dead-lettered for a fault of
	 * the store.
	 */
	@Bean
	DefaultErrorHandler errorHandler(KafkaTemplate<Object, Object> deadLetterTemplate, PersistenceProperties properties,
			MeterRegistry registry) {
		Counter deadLettered = Counter.builder("roomcast.persistence.dead.lettered")
			.description("Poison records of chat.room-events sent to chat.room-events-dlt")
			.register(registry);
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(deadLetterTemplate,
				(record, ex) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
		ConsumerRecordRecoverer recoverer = (record, ex) -> {
			if (!isPoison(ex)) {
				throw new IllegalStateException("Not dead-lettering " + describe(record) + ": the failure is not "
						+ "the record's (" + ex.getMessage() + "); retrying", ex);
			}
			deadLetters.accept(record, ex);
			deadLettered.increment();
		};
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer,
				new FixedBackOff(properties.retryInterval().toMillis(), properties.retryAttempts()));
		handler.addNotRetryableExceptions(InvalidRoomEventException.class);
		// a poison record is an expected event, counted and dead-lettered, not an error
		handler.setLogLevel(KafkaException.Level.WARN);
		return handler;
	}

	private static boolean isPoison(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DeserializationException || cause instanceof InvalidRoomEventException) {
				return true;
			}
		}
		return false;
	}

	private static String describe(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

	/** byte[] as is, a String as UTF-8, anything else as event JSON. */
	static final class DeadLetterSerializer implements Serializer<Object> {

		@Override
		public byte[] serialize(String topic, Object data) {
			if (data == null || data instanceof byte[]) {
				return (byte[]) data;
			}
			if (data instanceof String text) {
				return text.getBytes(StandardCharsets.UTF_8);
			}
			return EventJson.mapper().writeValueAsBytes(data);
		}

	}

}
