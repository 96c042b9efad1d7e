package dev.roomcast.gateway.delivery;

import dev.roomcast.events.MessageRejected;
import dev.roomcast.events.Topics;
import dev.roomcast.gateway.message.UserErrors;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.stereotype.Component;

/**
 * Forwards chat-service's rejections ({@link Topics#CHAT_NOTICES}, keyed by user) to the
 * user's {@code /user/queue/errors}. Like the fan-out, every instance reads all
 * partitions from the end: the user may be connected to any instance.
 */
@Component
class NoticeListener {

	private final UserErrors errors;

	NoticeListener(UserErrors errors) {
		this.errors = errors;
	}

	@KafkaListener(id = "notices", idIsGroup = false, containerFactory = "noticeListenerContainerFactory",
			topicPartitions = @TopicPartition(topic = Topics.CHAT_NOTICES,
					partitions = "#{@partitionFinder.partitions('" + Topics.CHAT_NOTICES + "')}",
					partitionOffsets = @PartitionOffset(partition = "*", initialOffset = "0", seekPosition = "END")))
	void on(MessageRejected rejection) {
		if (rejection.userId() != null) {
			this.errors.forward(rejection);
		}
	}

}
