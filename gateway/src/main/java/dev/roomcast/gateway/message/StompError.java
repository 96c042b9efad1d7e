package dev.roomcast.gateway.message;

/**
 * A refusal as the client reads it on {@code /user/queue/errors}.
 *
 * @param code a stable code: {@code NOT_A_MEMBER}, {@code INVALID_TEXT},
 * {@code RATE_LIMITED}, {@code MALFORMED}, {@code UNAVAILABLE}, or any reason
 * chat-service sends on {@code chat.notices}
 * @param message why, for people
 * @param messageId the refused message's id, {@code null} when the refusal is not about a
 * message (a subscription) or the id could not be read
 */
public record StompError(String code, String message, String messageId) {

	/**
	 * The code when the message could not be stored in Kafka; the client may resend it.
	 */
	public static final String UNAVAILABLE = "UNAVAILABLE";

}
