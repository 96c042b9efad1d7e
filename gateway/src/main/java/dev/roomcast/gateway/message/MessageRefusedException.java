package dev.roomcast.gateway.message;

import org.jspecify.annotations.Nullable;

/**
 * A SEND the gateway will not forward; the client gets it on {@code /user/queue/errors}.
 */
class MessageRefusedException extends RuntimeException {

	private final String code;

	private final @Nullable String messageId;

	MessageRefusedException(String code, String message, @Nullable String messageId) {
		super(message);
		this.code = code;
		this.messageId = messageId;
	}

	String getCode() {
		return this.code;
	}

	@Nullable String getMessageId() {
		return this.messageId;
	}

}
