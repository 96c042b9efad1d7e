package dev.roomcast.gateway.delivery;

import java.util.Map;

import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Every gateway instance reads all partitions of {@link Topics#CHAT_ROOM_EVENTS} from the
 * end, outside any consumer group: each instance needs every event for its own
 * subscribers, and a client that was away catches up from the history API. It reads
 * {@code read_uncommitted}; {@link RoomSequences} drops what an aborted transaction of
 * chat-service showed before its retry.
 */
@Component
public class RoomEventListener implements ConsumerSeekAware {

	private static final Log logger = LogFactory.getLog(RoomEventListener.class);

	private final RoomFanOut fanOut;

	private final RoomSequences sequences = new RoomSequences();

	private final Counter repeats;

	private final Counter corrections;

	private volatile boolean positioned;

	RoomEventListener(RoomFanOut fanOut, MeterRegistry registry) {
		this.fanOut = fanOut;
		this.repeats = Counter.builder("roomcast.room-events.repeats")
			.description("Room events dropped because their seq was already delivered (replayed after an abort)")
			.register(registry);
		this.corrections = Counter.builder("roomcast.room-events.corrections")
			.description("Room events delivered again because a retried seq got another hash")
			.register(registry);
	}

	@KafkaListener(id = "room-events-fan-out", idIsGroup = false,
			containerFactory = "roomEventListenerContainerFactory",
			topicPartitions = @org.springframework.kafka.annotation.TopicPartition(topic = Topics.CHAT_ROOM_EVENTS,
					partitions = "#{@partitionFinder.partitions('" + Topics.CHAT_ROOM_EVENTS + "')}",
					partitionOffsets = @PartitionOffset(partition = "*", initialOffset = "0", seekPosition = "END")))
	void on(RoomEvent event) {
		switch (this.sequences.accept(event)) {
			case DELIVER -> this.fanOut.deliver(event);
			case REPEAT -> this.repeats.increment();
			case CORRECTION -> {
				logger.warn("Room " + event.roomId() + " seq " + event.seq()
						+ " came back with another hash after an aborted transaction; delivering the new one");
				this.corrections.increment();
				this.fanOut.deliver(event);
			}
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
