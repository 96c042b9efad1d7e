package dev.roomcast.gateway.message;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.roomcast.events.MessageRejected;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends refusals to a user's {@code /user/queue/errors}: to the one session that caused
 * it when known, else to every session of the user.
 */
@Component
public class UserErrors {

	/** The user destination clients subscribe to as {@code /user/queue/errors}. */
	public static final String DESTINATION = "/queue/errors";

	private final ObjectProvider<SimpMessagingTemplate> template;

	private final MeterRegistry registry;

	private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

	UserErrors(ObjectProvider<SimpMessagingTemplate> template, MeterRegistry registry) {
		this.template = template;
		this.registry = registry;
	}

	/**
	 * Refuses a message the gateway itself will not forward, counting it in
	 * {@code roomcast.messages.rejected{reason}}.
	 * @param userId the sender
	 * @param sessionId the sender's STOMP session
	 * @param code the code
	 * @param message why, for people
	 * @param messageId the message id, if readable
	 */
	public void refuseMessage(String userId, @Nullable String sessionId, String code, String message,
			@Nullable String messageId) {
		this.rejected
			.computeIfAbsent(code,
					(reason) -> Counter.builder("roomcast.messages.rejected")
						.description("Messages the gateway refused, by reason")
						.tag("reason", reason)
						.register(this.registry))
			.increment();
		send(userId, sessionId, new StompError(code, message, messageId));
	}

	/**
	 * Sends an error to a user.
	 * @param userId the user id (the principal name)
	 * @param sessionId one session of the user, {@code null} for all of them
	 * @param error the error
	 */
	public void send(String userId, @Nullable String sessionId, StompError error) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		if (sessionId != null) {
			headers.setSessionId(sessionId);
		}
		headers.setLeaveMutable(true);
		this.template.getObject().convertAndSendToUser(userId, DESTINATION, error, headers.getMessageHeaders());
	}

	/**
	 * Forwards a rejection chat-service decided, to every session of the sender.
	 * @param rejection the rejection from {@code chat.notices}
	 */
	public void forward(MessageRejected rejection) {
		String code = (rejection.code() != null) ? rejection.code().name() : "REJECTED";
		send(rejection.userId(), null, new StompError(code, rejection.message(), rejection.messageId()));
	}

}
