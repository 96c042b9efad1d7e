package dev.roomcast.kafka;

import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.core.ConsumerFactory;

/**
 * The partitions of a topic, for readers that assign all of them to themselves (every
 * instance reads everything, outside any consumer group). A bean named
 * {@code partitionFinder}, so that a listener can say {@code partitions =
 * "#{@partitionFinder.partitions('chat.notices')}"}.
 */
public class PartitionFinder {

	private final ConsumerFactory<?, ?> consumerFactory;

	PartitionFinder(ConsumerFactory<?, ?> consumerFactory) {
		this.consumerFactory = consumerFactory;
	}

	/**
	 * The partition numbers of a topic, for a {@code @KafkaListener}'s
	 * {@code topicPartitions}.
	 * @param topic the topic
	 * @return its partitions
	 */
	public String[] partitions(String topic) {
		return of(topic).stream().map((partition) -> String.valueOf(partition.partition())).toArray(String[]::new);
	}

	/**
	 * The partitions of a topic.
	 * @param topic the topic
	 * @return its partitions, empty when the topic does not exist
	 */
	public List<TopicPartition> of(String topic) {
		try (Consumer<?, ?> consumer = this.consumerFactory.createConsumer()) {
			return consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
		}
	}

}
