package dev.roomcast.gateway.delivery;

import dev.roomcast.events.RoomDirectory;
import dev.roomcast.gateway.websocket.ClientSessions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * On the client outbound channel: a room message reaches a session only while its user is
 * still a member of the room. Membership is checked at SUBSCRIBE; this check keeps a user
 * removed from a room (or who left it) from receiving its messages on a subscription made
 * before, until the client unsubscribes or reconnects.
 */
@Component
public class RoomMembershipFilter implements ChannelInterceptor {

	private final RoomDirectory rooms;

	private final ClientSessions sessions;

	private final Counter withheld;

	RoomMembershipFilter(RoomDirectory rooms, ClientSessions sessions, MeterRegistry registry) {
		this.rooms = rooms;
		this.sessions = sessions;
		this.withheld = Counter.builder("roomcast.deliveries.withheld")
			.description("Room messages not delivered because the subscriber is no longer a member")
			.register(registry);
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		// read the headers in place: this runs once per delivery, on the fan-out path
		MessageHeaders headers = message.getHeaders();
		String destination = SimpMessageHeaderAccessor.getDestination(headers);
		String sessionId = SimpMessageHeaderAccessor.getSessionId(headers);
		if (SimpMessageHeaderAccessor.getMessageType(headers) != SimpMessageType.MESSAGE || destination == null
				|| !destination.startsWith(RoomFanOut.TOPIC_PREFIX) || sessionId == null) {
			return message;
		}
		String roomId = destination.substring(RoomFanOut.TOPIC_PREFIX.length());
		String userId = this.sessions.userId(sessionId);
		if (userId != null && !this.rooms.isMember(roomId, userId)) {
			this.withheld.increment();
			return null;
		}
		return message;
	}

}
