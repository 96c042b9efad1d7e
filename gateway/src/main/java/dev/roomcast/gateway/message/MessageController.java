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
 * {@code SEND /app/rooms/{roomId}/messages}: checks the message (bean validation), the
 * sender's rate and the membership, then hands the message to Kafka. The RECEIPT goes out
 * only once Kafka acknowledged it; every refusal goes to the sender's
 * {@code /user/queue/errors} instead.
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
		String messageId = request.messageId();
		if (!this.rateLimiter.tryAcquire(user.id())) {
			throw new MessageRefusedException(Reason.RATE_LIMITED.name(),
					"Too many messages: at most " + this.properties.rateLimit().capacity() + " per "
							+ this.properties.rateLimit().period().toMillis() + " ms",
					messageId);
		}
		MessageSubmitted event = new MessageSubmitted(MessageSubmitted.SCHEMA_VERSION, UUID.randomUUID().toString(),
				receivedAt, messageId, roomId, user.id(), user.displayName(), request.text());
		String sessionId = headers.getSessionId();
		String receipt = headers.getFirstNativeHeader(RECEIPT_HEADER);
		String key = sessionId + '\n' + roomId;
		// a session's frames arrive one at a time on its own thread: no other SEND of
		// this session changes its entry meanwhile
		CompletableFuture<Void> previous = this.waiting.get(key);
		CompletableFuture<Boolean> member = (previous == null) ? this.membership.isMember(roomId, user.id())
				: previous.handle((done, ex) -> null)
					.thenCompose((done) -> this.membership.isMember(roomId, user.id()));
		CompletableFuture<Void> handled = member.thenAccept((isMember) -> {
			if (isMember) {
				publish(event, user.id(), sessionId, receipt);
			}
			else {
				this.errors.refuseMessage(user.id(), sessionId, Reason.NOT_A_MEMBER.name(),
						"Not a member of room " + roomId, messageId);
			}
		});
		if (!handled.isDone()) {
			this.waiting.put(key, handled);
			handled.whenComplete((done, ex) -> this.waiting.remove(key, handled));
		}
	}

	private void publish(MessageSubmitted event, String userId, String sessionId, String receipt) {
		String messageId = event.messageId();
		try {
			this.publisher.publish(event).whenComplete((result, ex) -> {
				if (ex == null) {
					this.submitted.increment();
					if (receipt != null) {
						this.receipts.send(sessionId, receipt);
					}
				}
				else {
					unavailable(userId, sessionId, messageId, ex);
				}
			});
		}
		catch (RuntimeException ex) {
			unavailable(userId, sessionId, messageId, ex);
		}
	}

	@MessageExceptionHandler
	void refused(MessageRefusedException ex, SimpMessageHeaderAccessor headers) {
		this.errors.refuseMessage(principal(headers).getName(), headers.getSessionId(), ex.getCode(), ex.getMessage(),
				ex.getMessageId());
	}

	/**
	 * A body that fails {@link SendMessageRequest}'s constraints: a bad messageId makes
	 * it {@code MALFORMED} (and the refusal cannot name the message), a bad text
	 * {@code INVALID_TEXT}.
	 */
	@MessageExceptionHandler
	void invalid(MethodArgumentNotValidException ex, SimpMessageHeaderAccessor headers) {
		BindingResult result = ex.getBindingResult();
		if (result == null || result.hasFieldErrors("messageId")
				|| !(result.getTarget() instanceof SendMessageRequest request)) {
			this.errors.refuseMessage(principal(headers).getName(), headers.getSessionId(), Reason.MALFORMED.name(),
					"messageId must be a UUID", null);
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

	private static Principal principal(SimpMessageHeaderAccessor headers) {
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
