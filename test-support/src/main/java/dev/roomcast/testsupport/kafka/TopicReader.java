package dev.roomcast.testsupport.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import dev.roomcast.events.EventJson;
import dev.roomcast.testsupport.servers.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads and writes records on the shared test broker, for tests that assert what a
 * service published or feed it events or bytes (including poison) directly.
 */
public final class TopicReader {

	private static KafkaProducer<String, byte[]> producer;

	private TopicReader() {
	}

	/**
	 * Writes one raw record to the shared test broker (acks=all) and waits for the ack.
	 * @param topic the topic
	 * @param key the key
	 * @param value the value's bytes, which may be poison
	 */
	public static void send(String topic, String key, byte[] value) {
		try {
			producer().send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not write to " + topic, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while writing to " + topic, ex);
		}
	}

	/**
	 * Writes one event to the shared test broker as its JSON, as a service would, and
	 * waits for the ack.
	 * @param topic the topic
	 * @param key the key
	 * @param event the event record
	 */
	public static void publish(String topic, String key, Object event) {
		send(topic, key, EventJson.mapper().writeValueAsBytes(event));
	}

	/**
	 * The producer of the JVM's tests, created on first use and closed when the JVM
	 * exits.
	 * @return the producer, acks=all
	 */
	public static synchronized KafkaProducer<String, byte[]> producer() {
		if (producer == null) {
			KafkaProducer<String, byte[]> created = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
					TestInfrastructure.shared().kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
					new StringSerializer(), new ByteArraySerializer());
			Runtime.getRuntime().addShutdownHook(new Thread(created::close, "close-test-producer"));
			producer = created;
		}
		return producer;
	}

	/**
	 * A read_committed consumer of every partition of a topic, positioned at its end now,
	 * so that it reads what is written from here on.
	 * @param <V> the value type
	 * @param topic the topic
	 * @param values reads the values
	 * @return the consumer; the caller polls and closes it
	 */
	public static <V> KafkaConsumer<String, V> consumerAtEnd(String topic, Deserializer<V> values) {
		KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers(),
						ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
				new StringDeserializer(), values);
		List<TopicPartition> partitions = partitions(consumer, topic);
		consumer.assign(partitions);
		consumer.seekToEnd(partitions);
		partitions.forEach(consumer::position);
		return consumer;
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
			List<TopicPartition> partitions = partitions(consumer, topic);
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

	private static List<TopicPartition> partitions(KafkaConsumer<String, ?> consumer, String topic) {
		return consumer.partitionsFor(topic)
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
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
