package dev.roomcast.gateway.delivery;

import java.lang.invoke.VarHandle;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.roomcast.events.MessageRejected.Reason;
import dev.roomcast.gateway.message.MembershipWait;
import dev.roomcast.gateway.message.Receipts;
import dev.roomcast.gateway.message.SendProperties;
import dev.roomcast.gateway.message.StompError;
import dev.roomcast.gateway.message.UserErrors;
import dev.roomcast.gateway.websocket.WebSocketProperties;
import io.github.bucket4j.Bucket;
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
 * SUBSCRIBE to {@code /topic/rooms/{roomId}} or to its typing signals
 * ({@code /topic/rooms/{roomId}/typing}, {@link TypingFanOut}) needs membership. An
 * accepted one is recorded in {@link RoomSubscriptions} (not passed on to the simple
 * broker) and gets its RECEIPT, which tells the client no live message can be missed from
 * then on and carries {@value #LAST_SEQ_HEADER}: the highest seq of the room this
 * instance had read when the subscription was registered, so the client knows how far
 * history must reach. A refused one is dropped and reported on
 * {@code /user/queue/errors}, so the connection and the client's other rooms stay up.
 * UNSUBSCRIBE and the end of a session remove subscriptions; an accepted SUBSCRIBE of
 * another destination or an UNSUBSCRIBE with a {@code receipt} header gets its RECEIPT
 * once handled (the inbound channel is synchronous).
 *
 * <p>
 * The frame's thread never waits: a user the room directory does not list yet (a room
 * created a moment ago) is checked again on a timer ({@link MembershipWait}) for up to
 * {@link SendProperties#membershipWait()}, and then accepted or refused. Each session may
 * send SUBSCRIBE frames at {@link WebSocketProperties#subscribeRate()} and hold
 * {@link WebSocketProperties#maxSubscriptionsPerSession()} room subscriptions; beyond
 * either the SUBSCRIBE is refused ({@code RATE_LIMITED}, {@code TOO_MANY_SUBSCRIPTIONS}).
 * Refusals are counted in {@code roomcast.subscriptions.refused{reason}}.
 */
@Component
public class RoomSubscriptionGuard implements ChannelInterceptor {

	/** The RECEIPT header with the room's last seq. */
	public static final String LAST_SEQ_HEADER = "last-seq";

	/** The error code for a session holding as many subscriptions as allowed. */
	public static final String TOO_MANY_SUBSCRIPTIONS = "TOO_MANY_SUBSCRIPTIONS";

	private final MembershipWait membership;

	private final RoomSubscriptions subscriptions;

	private final RoomEventListener roomEvents;

	private final UserErrors errors;

	private final Receipts receipts;

	private final WebSocketProperties limits;

	private final MeterRegistry registry;

	/** sessionId → its SUBSCRIBE rate bucket. */
	private final Map<String, Bucket> rates = new ConcurrentHashMap<>();

	/** sessionId + subscriptionId → a SUBSCRIBE waiting for the directory. */
	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	RoomSubscriptionGuard(MembershipWait membership, RoomSubscriptions subscriptions, RoomEventListener roomEvents,
			UserErrors errors, Receipts receipts, WebSocketProperties limits, MeterRegistry registry) {
		this.membership = membership;
		this.subscriptions = subscriptions;
		this.roomEvents = roomEvents;
		this.errors = errors;
		this.receipts = receipts;
		this.limits = limits;
		this.registry = registry;
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor headers = stompHeaders(message);
		String sessionId = headers.getSessionId();
		if (headers.getMessageType() == SimpMessageType.DISCONNECT && sessionId != null) {
			this.subscriptions.removeSession(sessionId);
			this.rates.remove(sessionId);
			this.pending.values().removeIf((waiting) -> waiting.sessionId().equals(sessionId));
			return message;
		}
		if (headers.getCommand() == StompCommand.UNSUBSCRIBE && sessionId != null
				&& headers.getSubscriptionId() != null) {
			this.subscriptions.remove(sessionId, headers.getSubscriptionId());
			this.pending.remove(key(sessionId, headers.getSubscriptionId()));
			return message;
		}
		if (headers.getCommand() != StompCommand.SUBSCRIBE) {
			return message;
		}
		Principal user = headers.getUser();
		if (sessionId != null && !rate(sessionId).tryConsume(1)) {
			refuse(user, sessionId, Reason.RATE_LIMITED.name(),
					"Too many subscriptions: at most " + this.limits.subscribeRate().perSecond()
							+ " per second after a burst of " + this.limits.subscribeRate().burst());
			return null;
		}
		String destination = headers.getDestination();
		if (destination == null || !destination.startsWith(MessageFrames.TOPIC_PREFIX)) {
			return message;
		}
		// the room's own destination or its typing signals: the same membership rule
		String target = destination.substring(MessageFrames.TOPIC_PREFIX.length());
		String roomId = target.endsWith(TypingFanOut.SUFFIX)
				? target.substring(0, target.length() - TypingFanOut.SUFFIX.length()) : target;
		String subscriptionId = headers.getSubscriptionId();
		if (user == null || roomId.isEmpty() || sessionId == null || subscriptionId == null) {
			refuse(user, sessionId, Reason.NOT_A_MEMBER.name(), "Not a member of room " + roomId);
			return null;
		}
		if (this.subscriptions.count(sessionId) >= this.limits.maxSubscriptionsPerSession()
				&& !this.subscriptions.has(sessionId, subscriptionId)) {
			refuse(user, sessionId, TOO_MANY_SUBSCRIPTIONS, "Too many room subscriptions: at most "
					+ this.limits.maxSubscriptionsPerSession() + " per connection");
			return null;
		}
		Pending subscribe = new Pending(roomId, target, sessionId, subscriptionId, user, headers.getReceipt());
		String key = key(sessionId, subscriptionId);
		this.pending.put(key, subscribe);
		this.membership.isMember(roomId, user.getName()).thenAccept((member) -> {
			// unless unsubscribed, disconnected or subscribed again meanwhile
			if (this.pending.remove(key, subscribe)) {
				if (member) {
					accept(subscribe);
				}
				else {
					refuse(user, sessionId, Reason.NOT_A_MEMBER.name(), "Not a member of room " + roomId);
				}
			}
		});
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

	private void accept(Pending subscribe) {
		this.subscriptions.add(subscribe.channel(), subscribe.sessionId(), subscribe.subscriptionId(),
				subscribe.user().getName());
		// registered before the last seq is read; the listener updates the last seq
		// before it reads the subscribers: every seq above the one read here reaches
		// this subscription live
		VarHandle.fullFence();
		long lastSeq = this.roomEvents.lastSeq(subscribe.roomId());
		if (subscribe.receipt() != null) {
			this.receipts.send(subscribe.sessionId(), subscribe.receipt(), LAST_SEQ_HEADER, String.valueOf(lastSeq));
		}
	}

	private void refuse(@Nullable Principal user, @Nullable String sessionId, String code, String message) {
		Counter.builder("roomcast.subscriptions.refused")
			.description("Room subscriptions refused: not a member, too many, too fast")
			.tag("reason", code)
			.register(this.registry)
			.increment();
		if (user != null) {
			this.errors.send(user.getName(), sessionId, new StompError(code, message, null));
		}
	}

	private Bucket rate(String sessionId) {
		return this.rates.computeIfAbsent(sessionId,
				(id) -> Bucket.builder()
					.addLimit((limit) -> limit.capacity(this.limits.subscribeRate().burst())
						.refillGreedy(this.limits.subscribeRate().perSecond(), Duration.ofSeconds(1)))
					.build());
	}

	private static String key(String sessionId, String subscriptionId) {
		return sessionId + '\n' + subscriptionId;
	}

	private static StompHeaderAccessor stompHeaders(Message<?> message) {
		StompHeaderAccessor headers = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		return (headers != null) ? headers : StompHeaderAccessor.wrap(message);
	}

	/** A SUBSCRIBE to a room whose directory entry does not list the user yet. */
	private record Pending(String roomId, String channel, String sessionId, String subscriptionId, Principal user,
			@Nullable String receipt) {

	}

}
