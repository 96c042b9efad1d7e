package dev.roomcast.gateway.message;

import java.util.concurrent.CompletableFuture;

import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.Topics;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Produces submitted messages to {@link Topics#CHAT_INBOUND}, keyed by room, with the
 * idempotent acks=all producer: the future completes once the message is durable.
 */
@Component
class MessagePublisher {

	private final KafkaTemplate<String, MessageSubmitted> template;

	MessagePublisher(KafkaTemplate<String, MessageSubmitted> template) {
		this.template = template;
	}

	CompletableFuture<SendResult<String, MessageSubmitted>> publish(MessageSubmitted message) {
		return this.template.send(Topics.CHAT_INBOUND, message.roomId(), message);
	}

}
