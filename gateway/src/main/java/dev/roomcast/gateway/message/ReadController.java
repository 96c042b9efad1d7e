package dev.roomcast.gateway.message;

import java.time.Instant;
import java.util.UUID;

import dev.roomcast.events.MessageRejected.Reason;
import dev.roomcast.events.RoomRead;
import dev.roomcast.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentTypeMismatchException;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Controller;

/**
 * {@code SEND /app/rooms/{roomId}/read {seq}}: a member says how far they read a room.
 * The mark goes to {@link Topics#USER_READ_STATE}; account-service keeps the highest seq
 * per user and room and tells the user's other sessions. Rate-limited per user like sends
 * (a bucket of its own, so reading never costs a message); refusals go to the sender's
 * {@code /user/queue/errors}; a {@code receipt} header is answered once Kafka has the
 * mark.
 */
@Controller
class ReadController {

	/** The code of a read mark whose seq is not a positive number. */
	static final String INVALID_SEQ = "INVALID_SEQ";

	private static final Logger logger = LoggerFactory.getLogger(ReadController.class);

	private final MembershipWait membership;

	private final SendRateLimiter rateLimiter;

	private final KafkaTemplate<String, RoomRead> kafka;

	private final Receipts receipts;

	private final UserErrors errors;

	private final SendProperties properties;

	private final Counter marked;

	ReadController(MembershipWait membership, KafkaTemplate<String, RoomRead> roomReadTemplate, Receipts receipts,
			UserErrors errors, SendProperties properties, MeterRegistry registry) {
		this.membership = membership;
		this.rateLimiter = new SendRateLimiter(properties);
		this.kafka = roomReadTemplate;
		this.receipts = receipts;
		this.errors = errors;
		this.properties = properties;
		this.marked = Counter.builder("roomcast.rooms.read")
			.description("Read marks the gateway stored in user.read-state")
			.register(registry);
	}

	@MessageMapping("/rooms/{roomId}/read")
	void read(@DestinationVariable String roomId, @Payload @Valid ReadRequest request,
			SimpMessageHeaderAccessor headers) {
		String userId = MessageController.principal(headers).getName();
		if (!this.rateLimiter.tryAcquire(userId)) {
			throw new MessageRefusedException(Reason.RATE_LIMITED.name(),
					"Too many read marks: at most " + this.properties.rateLimit().capacity() + " per "
							+ this.properties.rateLimit().period().toMillis() + " ms",
					null);
		}
		RoomRead read = new RoomRead(RoomRead.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(), userId,
				roomId, request.seq());
		String sessionId = headers.getSessionId();
		String receipt = headers.getFirstNativeHeader("receipt");
		// a member the directory does not list yet is checked again on a timer, not here
		this.membership.isMember(roomId, userId).thenAccept((member) -> {
			if (member) {
				store(read, sessionId, receipt);
			}
			else {
				this.errors.refuseMessage(userId, sessionId, Reason.NOT_A_MEMBER.name(),
						"Not a member of room " + roomId, null);
			}
		});
	}

	private void store(RoomRead read, String sessionId, String receipt) {
		String userId = read.userId();
		String roomId = read.roomId();
		this.receipts.afterKafkaWrite(sessionId, receipt,
				() -> this.kafka.send(Topics.USER_READ_STATE, RoomRead.key(userId, roomId), read), this.marked,
				(ex) -> unavailable(userId, sessionId, roomId, ex));
	}

	@MessageExceptionHandler
	void refused(MessageRefusedException ex, SimpMessageHeaderAccessor headers) {
		this.errors.refuseMessage(MessageController.principal(headers).getName(), headers.getSessionId(), ex.getCode(),
				ex.getMessage(), null);
	}

	@MessageExceptionHandler
	void invalid(MethodArgumentNotValidException ex, SimpMessageHeaderAccessor headers) {
		this.errors.refuseMessage(MessageController.principal(headers).getName(), headers.getSessionId(), INVALID_SEQ,
				"seq must be a room seq, 1 or more", null);
	}

	@MessageExceptionHandler({ MessageConversionException.class, MethodArgumentTypeMismatchException.class })
	void malformed(Exception ex, SimpMessageHeaderAccessor headers) {
		this.errors.refuseMessage(MessageController.principal(headers).getName(), headers.getSessionId(),
				Reason.MALFORMED.name(), "The body must be JSON {\"seq\": <number>}", null);
	}

	private void unavailable(String userId, String sessionId, String roomId, Throwable ex) {
		logger.warn("Could not store a read mark of room {} in Kafka", roomId, ex);
		this.errors.refuseMessage(userId, sessionId, StompError.UNAVAILABLE,
				"The read mark could not be stored; send it again", null);
	}

}
