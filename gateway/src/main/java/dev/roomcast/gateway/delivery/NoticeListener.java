package dev.roomcast.gateway.delivery;

import java.util.Map;

import dev.roomcast.events.MessageRejected;
import dev.roomcast.events.Topics;
import dev.roomcast.gateway.message.UserErrors;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Forwards chat-service's rejections ({@link Topics#CHAT_NOTICES}, keyed by user) to the
 * user's {@code /user/queue/errors}. Like the fan-out, every instance reads all
 * partitions from the end: the user may be connected to any instance.
 */
@Component
class NoticeListener implements ConsumerSeekAware {

	static final String ID = "notices";

	private final UserErrors errors;

	private volatile boolean positioned;

	NoticeListener(UserErrors errors, MeterRegistry registry) {
		this.errors = errors;
		Positioned.gauge(registry, ID, () -> this.positioned);
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

	/**
	 * With manual assignment the container calls this once, with each partition's
	 * position already resolved (the end of the topic).
	 */
	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		this.positioned = true;
	}

}
