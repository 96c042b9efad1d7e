package dev.roomcast.gateway.message;

import java.security.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.roomcast.events.MessageRejected.Reason;
import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.MessageText;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.gateway.websocket.SessionUserHandshakeInterceptor;
import dev.roomcast.session.SessionUser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentTypeMismatchException;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Controller;
import org.springframework.validation.BindingResult;

/**
 * {@code SEND /app/rooms/{roomId}/messages} (and its edits and deletions): checks the
 * message (bean validation), the sender's rate and the membership, then hands the message
 * to Kafka. The RECEIPT goes out only once Kafka acknowledged it; every refusal goes to
 * the sender's {@code /user/queue/errors} instead.
 *
 * <p>
 * A sender the room directory does not list yet is checked again on a timer
 * ({@link MembershipWait}), not on the frame's thread; the connection's later SENDs to
 * the same room wait behind that check, so they reach Kafka in the order they were sent.
 */
@Controller
class MessageController {

	private static final Logger logger = LoggerFactory.getLogger(MessageController.class);

	private static final String RECEIPT_HEADER = "receipt";

	private final MembershipWait membership;

	/** sessionId + roomId → the last SEND of that session to that room still waiting. */
	private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

	private final SendRateLimiter rateLimiter;

	private final MessagePublisher publisher;

	private final Receipts receipts;

	private final UserErrors errors;

	private final SendProperties properties;

	private final Counter submitted;

	MessageController(MembershipWait membership, SendRateLimiter rateLimiter, MessagePublisher publisher,
			Receipts receipts, UserErrors errors, SendProperties properties, MeterRegistry registry) {
		this.membership = membership;
		this.rateLimiter = rateLimiter;
		this.publisher = publisher;
		this.receipts = receipts;
		this.errors = errors;
		this.properties = properties;
		this.submitted = Counter.builder("roomcast.messages.submitted")
			.description("Messages the gateway stored in chat.inbound")
			.register(registry);
	}

	@MessageMapping("/rooms/{roomId}/messages")
	void send(@DestinationVariable String roomId, @Payload @Valid SendMessageRequest request,
			SimpMessageHeaderAccessor headers) {
		Instant receivedAt = Instant.now();
		SessionUser user = user(headers);
		admit(roomId, user, request.messageId());
		submit(new MessageSubmitted(MessageSubmitted.SCHEMA_VERSION, UUID.randomUUID().toString(), receivedAt,
				request.messageId(), roomId, user.id(), user.displayName(), request.text()), headers);
	}

	/**
	 * {@code SEND /app/rooms/{roomId}/edits}: the same checks and receipts as a message;
	 * chat-service decides whether the user may edit the target.
	 */
	@MessageMapping("/rooms/{roomId}/edits")
	void edit(@DestinationVariable String roomId, @Payload @Valid EditMessageRequest request,
			SimpMessageHeaderAccessor headers) {
		change(roomId, RoomEvent.Type.EDIT, request, request.text(), headers);
	}

	/**
	 * {@code SEND /app/rooms/{roomId}/deletions}: as an edit, without a text.
	 */
	@MessageMapping("/rooms/{roomId}/deletions")
	void delete(@DestinationVariable String roomId, @Payload @Valid DeleteMessageRequest request,
			SimpMessageHeaderAccessor headers) {
		change(roomId, RoomEvent.Type.DELETE, request, null, headers);
	}

	private void change(String roomId, RoomEvent.Type type, ChangeRequest request, String text,
			SimpMessageHeaderAccessor headers) {
		Instant receivedAt = Instant.now();
		SessionUser user = user(headers);
		admit(roomId, user, request.messageId());
		submit(new MessageSubmitted(MessageSubmitted.SCHEMA_VERSION, UUID.randomUUID().toString(), receivedAt,
				request.messageId(), roomId, user.id(), user.displayName(), text, type, null, null, 0,
				request.targetSeq()), headers);
	}

	/** The sender's rate, or a refusal. */
	private void admit(String roomId, SessionUser user, String messageId) {
		if (!this.rateLimiter.tryAcquire(user.id())) {
			throw new MessageRefusedException(Reason.RATE_LIMITED.name(),
					"Too many messages: at most " + this.properties.rateLimit().capacity() + " per "
							+ this.properties.rateLimit().period().toMillis() + " ms",
					messageId);
		}
	}

	/**
	 * Hands a submission to Kafka once the sender is known to be a member; the RECEIPT
	 * follows Kafka's acknowledgement.
	 */
	private void submit(MessageSubmitted event, SimpMessageHeaderAccessor headers) {
		String userId = event.senderId();
		String roomId = event.roomId();
		String sessionId = headers.getSessionId();
		String receipt = headers.getFirstNativeHeader(RECEIPT_HEADER);
		String key = sessionId + '\n' + roomId;
		// a session's frames arrive one at a time on its own thread: no other SEND of
		// this session changes its entry meanwhile
		CompletableFuture<Void> previous = this.waiting.get(key);
		CompletableFuture<Boolean> member = (previous == null) ? this.membership.isMember(roomId, userId)
				: previous.handle((done, ex) -> null).thenCompose((done) -> this.membership.isMember(roomId, userId));
		CompletableFuture<Void> handled = member.thenAccept((isMember) -> {
			if (isMember) {
				publish(event, sessionId, receipt);
			}
			else {
				this.errors.refuseMessage(userId, sessionId, Reason.NOT_A_MEMBER.name(),
						"Not a member of room " + roomId, event.messageId());
			}
		});
		if (!handled.isDone()) {
			this.waiting.put(key, handled);
			handled.whenComplete((done, ex) -> this.waiting.remove(key, handled));
		}
	}

	private void publish(MessageSubmitted event, String sessionId, String receipt) {
		this.receipts.afterKafkaWrite(sessionId, receipt, () -> this.publisher.publish(event), this.submitted,
				(ex) -> unavailable(event.senderId(), sessionId, event.messageId(), ex));
	}

	@MessageExceptionHandler
	void refused(MessageRefusedException ex, SimpMessageHeaderAccessor headers) {
		this.errors.refuseMessage(principal(headers).getName(), headers.getSessionId(), ex.getCode(), ex.getMessage(),
				ex.getMessageId());
	}

	/**
	 * A body that fails the constraints of its request: a bad messageId makes it
	 * {@code MALFORMED} (and the refusal cannot name the message), as does a bad
	 * targetSeq of an edit or deletion; a bad text {@code INVALID_TEXT}.
	 */
	@MessageExceptionHandler
	void invalid(MethodArgumentNotValidException ex, SimpMessageHeaderAccessor headers) {
		BindingResult result = ex.getBindingResult();
		if (result == null || result.hasFieldErrors("messageId")
				|| !(result.getTarget() instanceof RoomSubmission request)) {
			this.errors.refuseMessage(principal(headers).getName(), headers.getSessionId(), Reason.MALFORMED.name(),
					"messageId must be a UUID", null);
			return;
		}
		if (result.hasFieldErrors("targetSeq")) {
			this.errors.refuseMessage(principal(headers).getName(), headers.getSessionId(), Reason.MALFORMED.name(),
					"targetSeq must be the seq (1 or more) of a message of the room", request.messageId());
			return;
		}
		this.errors.refuseMessage(principal(headers).getName(), headers.getSessionId(), Reason.INVALID_TEXT.name(),
				MessageText.RULE, request.messageId());
	}

	@MessageExceptionHandler({ MessageConversionException.class, MethodArgumentTypeMismatchException.class })
	void malformed(Exception ex, SimpMessageHeaderAccessor headers) {
		this.errors.refuseMessage(principal(headers).getName(), headers.getSessionId(), Reason.MALFORMED.name(),
				"The body must be JSON {\"messageId\": \"<uuid>\", \"text\": \"...\"}", null);
	}

	private void unavailable(String userId, String sessionId, String messageId, Throwable ex) {
		logger.warn("Could not store message {} in Kafka", messageId, ex);
		this.errors.refuseMessage(userId, sessionId, StompError.UNAVAILABLE,
				"The message could not be stored; send it again with the same messageId", messageId);
	}

	static Principal principal(SimpMessageHeaderAccessor headers) {
		Principal principal = headers.getUser();
		if (principal == null) {
			throw new IllegalStateException("STOMP session " + headers.getSessionId() + " has no user");
		}
		return principal;
	}

	private static SessionUser user(SimpMessageHeaderAccessor headers) {
		Principal principal = principal(headers);
		Map<String, Object> attributes = headers.getSessionAttributes();
		Object user = (attributes != null) ? attributes.get(SessionUserHandshakeInterceptor.SESSION_USER_ATTRIBUTE)
				: null;
		if (user instanceof SessionUser sessionUser && sessionUser.id().equals(principal.getName())) {
			return sessionUser;
		}
		return new SessionUser(principal.getName(), principal.getName(), principal.getName());
	}

}
