package dev.roomcast.gateway.delivery;

import java.security.Principal;

import dev.roomcast.events.MessageRejected.Reason;
import dev.roomcast.events.RoomDirectory;
import dev.roomcast.gateway.message.Receipts;
import dev.roomcast.gateway.message.SendProperties;
import dev.roomcast.gateway.message.StompError;
import dev.roomcast.gateway.message.UserErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * On the client inbound channel, after Spring Security allowed the destination: a
 * SUBSCRIBE to {@code /topic/rooms/{roomId}} needs membership. An accepted one is
 * recorded in {@link RoomSubscriptions} (not passed on to the simple broker) and gets its
 * RECEIPT at once, which tells the client no live message can be missed from then on. A
 * refused one is dropped and reported on {@code /user/queue/errors}, so the connection
 * and the client's other rooms stay up. UNSUBSCRIBE and the end of a session remove
 * subscriptions; an accepted SUBSCRIBE of another destination or an UNSUBSCRIBE with a
 * {@code receipt} header gets its RECEIPT once handled (the inbound channel is
 * synchronous).
 */
@Component
public class RoomSubscriptionGuard implements ChannelInterceptor {

	private final RoomDirectory rooms;

	private final RoomSubscriptions subscriptions;

	private final UserErrors errors;

	private final Receipts receipts;

	private final SendProperties properties;

	private final Counter refused;

	RoomSubscriptionGuard(RoomDirectory rooms, RoomSubscriptions subscriptions, UserErrors errors, Receipts receipts,
			SendProperties properties, MeterRegistry registry) {
		this.rooms = rooms;
		this.subscriptions = subscriptions;
		this.errors = errors;
		this.receipts = receipts;
		this.properties = properties;
		this.refused = Counter.builder("roomcast.subscriptions.refused")
			.description("Room subscriptions refused because the user is not a member")
			.register(registry);
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor headers = stompHeaders(message);
		String sessionId = headers.getSessionId();
		if (headers.getMessageType() == SimpMessageType.DISCONNECT && sessionId != null) {
			this.subscriptions.removeSession(sessionId);
			return message;
		}
		if (headers.getCommand() == StompCommand.UNSUBSCRIBE && sessionId != null
				&& headers.getSubscriptionId() != null) {
			this.subscriptions.remove(sessionId, headers.getSubscriptionId());
			return message;
		}
		if (headers.getCommand() != StompCommand.SUBSCRIBE) {
			return message;
		}
		String destination = headers.getDestination();
		if (destination == null || !destination.startsWith(MessageFrames.TOPIC_PREFIX)) {
			return message;
		}
		String roomId = destination.substring(MessageFrames.TOPIC_PREFIX.length());
		Principal user = headers.getUser();
		if (user != null && !roomId.isEmpty() && sessionId != null && headers.getSubscriptionId() != null
				&& this.rooms.awaitMember(roomId, user.getName(), this.properties.membershipWait())) {
			this.subscriptions.add(roomId, sessionId, headers.getSubscriptionId(), user.getName());
			if (headers.getReceipt() != null) {
				this.receipts.send(sessionId, headers.getReceipt());
			}
			return null;
		}
		this.refused.increment();
		if (user != null) {
			this.errors.send(user.getName(), sessionId,
					new StompError(Reason.NOT_A_MEMBER.name(), "Not a member of room " + roomId, null));
		}
		return null;
	}

	@Override
	public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, @Nullable Exception ex) {
		if (!sent || ex != null) {
			return;
		}
		StompHeaderAccessor headers = stompHeaders(message);
		if ((headers.getCommand() == StompCommand.SUBSCRIBE || headers.getCommand() == StompCommand.UNSUBSCRIBE)
				&& headers.getReceipt() != null && headers.getSessionId() != null) {
			this.receipts.send(headers.getSessionId(), headers.getReceipt());
		}
	}

	private static StompHeaderAccessor stompHeaders(Message<?> message) {
		StompHeaderAccessor headers = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		return (headers != null) ? headers : StompHeaderAccessor.wrap(message);
	}

}
