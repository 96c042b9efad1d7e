package dev.roomcast.testsupport.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.roomcast.testsupport.servers.TestInfrastructure;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads and writes raw records on the shared test broker, for tests that assert what a
 * service published or feed it bytes (including poison) directly.
 */
public final class TopicReader {

	private TopicReader() {
	}

	/**
	 * A producer of raw values to the shared test broker, acks=all.
	 * @return the producer; the caller closes it
	 */
	public static KafkaProducer<String, byte[]> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.shared().kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
				new StringSerializer(), new ByteArraySerializer());
	}

	/**
	 * Reads every partition of a topic from the beginning, as a read_committed consumer,
	 * until {@code count} matching records arrived or the timeout passed, then polls once
	 * more so that an extra matching record would show.
	 * @param topic the topic
	 * @param filter which records count
	 * @param count how many to wait for
	 * @param timeout how long to wait
	 * @return the matching records in offset order (per partition), possibly more or
	 * fewer than {@code count}: the caller asserts
	 */
	public static List<ConsumerRecord<String, byte[]>> read(String topic,
			Predicate<ConsumerRecord<String, byte[]>> filter, int count, Duration timeout) {
		List<ConsumerRecord<String, byte[]>> matching = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers(),
						ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			long deadline = System.nanoTime() + timeout.toNanos();
			while (matching.size() < count && System.nanoTime() < deadline) {
				poll(consumer, filter, matching, Duration.ofMillis(100));
			}
			poll(consumer, filter, matching, Duration.ofMillis(300));
		}
		matching.sort(Comparator.comparingLong(ConsumerRecord::offset));
		return matching;
	}

	private static void poll(KafkaConsumer<String, byte[]> consumer, Predicate<ConsumerRecord<String, byte[]>> filter,
			List<ConsumerRecord<String, byte[]>> matching, Duration timeout) {
		consumer.poll(timeout).forEach((record) -> {
			if (filter.test(record)) {
				matching.add(record);
			}
		});
	}

}
