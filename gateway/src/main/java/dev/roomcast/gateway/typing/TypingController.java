package dev.roomcast.gateway.typing;

import java.security.Principal;
import java.util.Map;

import dev.roomcast.events.MessageRejected.Reason;
import dev.roomcast.events.RoomDirectory;
import dev.roomcast.gateway.message.StompError;
import dev.roomcast.gateway.message.UserErrors;
import dev.roomcast.gateway.websocket.SessionUserHandshakeInterceptor;
import dev.roomcast.session.SessionUser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Controller;

/**
 * {@code SEND /app/rooms/{roomId}/typing} (any body, ignored): a member of the room is
 * typing. Forwarded to every gateway instance at most once per
 * {@link TypingProperties#interval()} per user and room (more are dropped silently: the
 * indicator is already showing), never stored. A non-member gets {@code NOT_A_MEMBER} on
 * {@code /user/queue/errors}.
 */
@Controller
class TypingController {

	private static final Logger logger = LoggerFactory.getLogger(TypingController.class);

	private final RoomDirectory rooms;

	private final TypingThrottle throttle;

	private final TypingRelay relay;

	private final UserErrors errors;

	private final Counter dropped;

	TypingController(RoomDirectory rooms, TypingThrottle throttle, TypingRelay relay, UserErrors errors,
			MeterRegistry registry) {
		this.rooms = rooms;
		this.throttle = throttle;
		this.relay = relay;
		this.errors = errors;
		this.dropped = Counter.builder("roomcast.typing.dropped")
			.description("Typing signals dropped: sent faster than one per interval")
			.register(registry);
	}

	@MessageMapping("/rooms/{roomId}/typing")
	void typing(@DestinationVariable String roomId, SimpMessageHeaderAccessor headers) {
		Principal principal = headers.getUser();
		if (principal == null) {
			return;
		}
		String userId = principal.getName();
		if (!this.rooms.isMember(roomId, userId)) {
			this.errors.send(userId, headers.getSessionId(),
					new StompError(Reason.NOT_A_MEMBER.name(), "Not a member of room " + roomId, null));
			return;
		}
		if (!this.throttle.tryAcquire(userId, roomId)) {
			this.dropped.increment();
			return;
		}
		try {
			this.relay.publish(TypingSignal.of(roomId, userId, displayName(headers, userId)));
		}
		catch (RuntimeException ex) {
			// ephemeral: a lost signal is only a missing "typing…"
			logger.warn("Could not relay a typing signal of user {} in room {}", userId, roomId, ex);
		}
	}

	private static String displayName(SimpMessageHeaderAccessor headers, String userId) {
		Map<String, Object> attributes = headers.getSessionAttributes();
		Object user = (attributes != null) ? attributes.get(SessionUserHandshakeInterceptor.SESSION_USER_ATTRIBUTE)
				: null;
		return (user instanceof SessionUser sessionUser && sessionUser.id().equals(userId)) ? sessionUser.displayName()
				: userId;
	}

}
