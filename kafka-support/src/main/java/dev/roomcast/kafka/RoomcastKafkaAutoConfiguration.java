package dev.roomcast.kafka;

import dev.roomcast.events.RoomDirectory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The Kafka pieces gateway, chat-service and persistence-service share: the room
 * directory and its reader, the partition finder for readers that assign every partition
 * to themselves, and the one error handler Boot puts on every listener container factory
 * it configures.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(RoomcastKafkaProperties.class)
public class RoomcastKafkaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RoomDirectory roomDirectory() {
		return new RoomDirectory();
	}

	@Bean
	RoomDirectoryReader roomDirectoryReader(RoomDirectory directory, KafkaProperties kafka,
			CommonErrorHandler kafkaErrorHandler, RoomcastKafkaProperties properties,
			ObjectProvider<MeterRegistry> registry) {
		Gauge.builder("roomcast.room.directory.rooms", directory, RoomDirectory::size)
			.description("Rooms in this instance's room directory")
			.register(registry.getIfAvailable(() -> Metrics.globalRegistry));
		return new RoomDirectoryReader(directory, kafka.buildConsumerProperties(), kafkaErrorHandler,
				properties.directoryStartupTimeout());
	}

	@Bean
	PartitionFinder partitionFinder(KafkaProperties kafka) {
		return new PartitionFinder(new DefaultKafkaConsumerFactory<>(kafka.buildConsumerProperties(),
				new StringDeserializer(), new StringDeserializer()));
	}

	@Bean
	DeadLetters deadLetters(KafkaProperties kafka, ObjectProvider<MeterRegistry> registry) {
		return new DeadLetters(kafka.buildProducerProperties(), registry.getIfAvailable(() -> Metrics.globalRegistry));
	}

	/**
	 * Blocking retries with a bounded back-off (non-blocking retry topics would break a
	 * room's order), then {@link DeadLetters}.
	 */
	@Bean
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler kafkaErrorHandler(DeadLetters deadLetters, RoomcastKafkaProperties properties) {
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters,
				new FixedBackOff(properties.retryInterval().toMillis(), properties.retryAttempts()));
		handler.addNotRetryableExceptions(PoisonRecordException.class);
		// a poison record is expected, counted and dead-lettered, not an error
		handler.setLogLevel(KafkaException.Level.WARN);
		return handler;
	}

}
