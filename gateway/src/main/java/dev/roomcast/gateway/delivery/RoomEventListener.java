package dev.roomcast.gateway.delivery;

import java.util.Map;

import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;

import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Every gateway instance reads all partitions of {@link Topics#CHAT_ROOM_EVENTS} from the
 * end, outside any consumer group: each instance needs every event for its own
 * subscribers, and a client that was away catches up from the history API.
 */
@Component
public class RoomEventListener implements ConsumerSeekAware {

	private final RoomFanOut fanOut;

	private volatile boolean positioned;

	RoomEventListener(RoomFanOut fanOut) {
		this.fanOut = fanOut;
	}

	@KafkaListener(id = "room-events-fan-out", idIsGroup = false,
			containerFactory = "roomEventListenerContainerFactory",
			topicPartitions = @org.springframework.kafka.annotation.TopicPartition(topic = Topics.CHAT_ROOM_EVENTS,
					partitions = "#{@partitionFinder.partitions('" + Topics.CHAT_ROOM_EVENTS + "')}",
					partitionOffsets = @PartitionOffset(partition = "*", initialOffset = "0", seekPosition = "END")))
	void on(RoomEvent event) {
		if (event.type() == RoomEvent.Type.MESSAGE) {
			this.fanOut.deliver(event);
		}
	}

	/**
	 * With manual assignment the container calls this once, with each partition's
	 * position already resolved (the end of the topic).
	 */
	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		this.positioned = true;
	}

	/**
	 * Whether the consumer has taken its start position, so that every event written from
	 * now on is delivered.
	 * @return whether its start position is resolved
	 */
	public boolean isPositioned() {
		return this.positioned;
	}

}
