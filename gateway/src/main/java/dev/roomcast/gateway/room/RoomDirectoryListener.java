package dev.roomcast.gateway.room;

import dev.roomcast.events.RoomDirectory;
import dev.roomcast.events.RoomSnapshot;
import dev.roomcast.events.Topics;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.stereotype.Component;

/**
 * Loads the whole compacted {@link Topics#ACCOUNT_ROOMS} topic into the
 * {@link RoomDirectory} at every start and keeps following it.
 */
@Component
class RoomDirectoryListener {

	private final RoomDirectory directory;

	RoomDirectoryListener(RoomDirectory directory) {
		this.directory = directory;
	}

	@KafkaListener(id = "room-directory", idIsGroup = false, containerFactory = "roomSnapshotListenerContainerFactory",
			topicPartitions = @TopicPartition(topic = Topics.ACCOUNT_ROOMS,
					partitions = "#{@partitionFinder.partitions('" + Topics.ACCOUNT_ROOMS + "')}",
					partitionOffsets = @PartitionOffset(partition = "*", initialOffset = "0",
							seekPosition = "BEGINNING")))
	void on(ConsumerRecord<String, RoomSnapshot> record) {
		this.directory.apply(record.key(), record.value());
	}

}
