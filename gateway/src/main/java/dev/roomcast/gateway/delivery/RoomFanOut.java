package dev.roomcast.gateway.delivery;

import dev.roomcast.events.RoomEvent;

import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

/**
 * Delivers a room event to this instance's subscribers of {@code /topic/rooms/{roomId}}.
 * The gateway receive time rides along in a header that never goes on the wire, so that
 * the latency is measured per delivery.
 */
@Component
class RoomFanOut {

	static final String TOPIC_PREFIX = "/topic/rooms/";

	private final SimpMessagingTemplate template;

	RoomFanOut(SimpMessagingTemplate template) {
		this.template = template;
	}

	void deliver(RoomEvent event) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		if (event.sentAt() != null) {
			headers.setHeader(DeliveryMetrics.SENT_AT_HEADER, event.sentAt());
		}
		headers.setLeaveMutable(true);
		this.template.convertAndSend(TOPIC_PREFIX + event.roomId(), RoomMessage.of(event), headers.getMessageHeaders());
	}

}
