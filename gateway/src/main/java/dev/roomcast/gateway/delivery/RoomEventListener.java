package dev.roomcast.gateway.delivery;

import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Map;

import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Every gateway instance reads all partitions of {@link Topics#CHAT_ROOM_EVENTS} from the
 * end, outside any consumer group: each instance needs every event for its own
 * subscribers, and a client that was away catches up from the history API. It reads
 * {@code read_uncommitted}; {@link RoomSequences} drops what an aborted transaction of
 * chat-service showed before its retry. At start it reads the last {@link #LOOK_BACK} of
 * the topic first, so that it knows the last seq of every room active just before it
 * started (a SUBSCRIBE's RECEIPT reports it) while history may still lack those messages.
 */
@Component
class RoomEventListener implements ConsumerSeekAware {

	static final String ID = "room-events-fan-out";

	private static final Logger logger = LoggerFactory.getLogger(RoomEventListener.class);

	/** How far before its start the listener begins to read: well past history's lag. */
	static final Duration LOOK_BACK = Duration.ofSeconds(30);

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
		Positioned.gauge(registry, ID, () -> this.positioned);
	}

	@KafkaListener(id = ID, idIsGroup = false, containerFactory = "roomEventListenerContainerFactory",
			topicPartitions = @org.springframework.kafka.annotation.TopicPartition(topic = Topics.CHAT_ROOM_EVENTS,
					partitions = "#{@partitionFinder.partitions('" + Topics.CHAT_ROOM_EVENTS + "')}",
					partitionOffsets = @PartitionOffset(partition = "*", initialOffset = "0", seekPosition = "END")))
	void on(RoomEvent event) {
		RoomSequences.Verdict verdict = this.sequences.accept(event);
		// the room's new last seq is visible before the fan-out reads the room's
		// subscribers: a SUBSCRIBE registered after that read sees the new last seq
		VarHandle.fullFence();
		switch (verdict) {
			case DELIVER -> this.fanOut.deliver(event);
			case REPEAT -> this.repeats.increment();
			case CORRECTION -> {
				logger.warn("Room {} seq {} came back with another hash after an aborted transaction; "
						+ "delivering the new one", event.roomId(), event.seq());
				this.corrections.increment();
				this.fanOut.deliver(event);
			}
		}
	}

	/**
	 * The highest seq this instance has read of a room: every message ordered up to it
	 * has been handed to the room's subscribers or is about to be. Thread-safe.
	 * @param roomId the room
	 * @return the seq, 0 when the room had no event in the last ten minutes (or since the
	 * instance started)
	 */
	long lastSeq(String roomId) {
		return this.sequences.lastSeq(roomId);
	}

	/**
	 * With manual assignment the container calls this once, with each partition's
	 * position already resolved (the end of the topic); it moves back by
	 * {@link #LOOK_BACK}. The events read again reach only clients that subscribe in
	 * those first moments, which merge them by seq like any other.
	 */
	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		callback.seekToTimestamp(assignments.keySet(), System.currentTimeMillis() - LOOK_BACK.toMillis());
		this.positioned = true;
	}

}
