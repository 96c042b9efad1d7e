package dev.roomcast.gateway.delivery;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.roomcast.events.MessageRejected;
import dev.roomcast.events.Topics;
import dev.roomcast.events.UserUpdate;
import dev.roomcast.gateway.message.UserErrors;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Forwards what the services tell one user to that user's sessions on this instance:
 * chat-service's rejections ({@link Topics#CHAT_NOTICES}) to {@code /user/queue/errors},
 * account-service's updates ({@link Topics#USER_UPDATES}) to {@code /user/queue/updates}.
 * Both topics are keyed by user; like the fan-out, every instance reads all their
 * partitions from the end: the user may be connected to any instance.
 */
@Component
class NoticeListener implements ConsumerSeekAware {

	static final String ID = "notices";

	static final String UPDATES_ID = "user-updates";

	private final UserErrors errors;

	private final UserUpdates updates;

	private final Set<String> positioned = ConcurrentHashMap.newKeySet();

	NoticeListener(UserErrors errors, UserUpdates updates, MeterRegistry registry) {
		this.errors = errors;
		this.updates = updates;
		Positioned.gauge(registry, ID, () -> this.positioned.contains(Topics.CHAT_NOTICES));
		Positioned.gauge(registry, UPDATES_ID, () -> this.positioned.contains(Topics.USER_UPDATES));
	}

	@KafkaListener(id = ID, idIsGroup = false, containerFactory = "noticeListenerContainerFactory",
			topicPartitions = @org.springframework.kafka.annotation.TopicPartition(topic = Topics.CHAT_NOTICES,
					partitions = "#{@partitionFinder.partitions('" + Topics.CHAT_NOTICES + "')}",
					partitionOffsets = @PartitionOffset(partition = "*", initialOffset = "0", seekPosition = "END")))
	void on(MessageRejected rejection) {
		if (rejection.userId() != null) {
			this.errors.forward(rejection);
		}
	}

	@KafkaListener(id = UPDATES_ID, idIsGroup = false, containerFactory = "userUpdateListenerContainerFactory",
			topicPartitions = @org.springframework.kafka.annotation.TopicPartition(topic = Topics.USER_UPDATES,
					partitions = "#{@partitionFinder.partitions('" + Topics.USER_UPDATES + "')}",
					partitionOffsets = @PartitionOffset(partition = "*", initialOffset = "0", seekPosition = "END")))
	void on(UserUpdate update) {
		if (update.userId() != null && update.type() != null) {
			this.updates.send(update);
		}
	}

	/**
	 * With manual assignment each container calls this once, with each partition's
	 * position already resolved (the end of the topic).
	 */
	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		assignments.keySet().forEach((partition) -> this.positioned.add(partition.topic()));
	}

}
