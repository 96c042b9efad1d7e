package dev.roomcast.events;

import java.time.Instant;

/**
 * A submitted message that will not be delivered, told to its sender. Topic
 * {@link Topics#CHAT_NOTICES}, key userId. Written by chat-service; read by gateway,
 * which sends it to the user's {@code /user/queue/errors}.
 *
 * <p>
 * Version 1: all fields.
 *
 * @param schemaVersion the schema version, {@value #SCHEMA_VERSION}
 * @param eventId unique id of this event
 * @param occurredAt when it was rejected
 * @param userId the sender
 * @param roomId the room it was sent to
 * @param messageId the client's id for the message
 * @param code why, as a stable code
 * @param message why, for people
 */
public record MessageRejected(int schemaVersion, String eventId, Instant occurredAt, String userId, String roomId,
		String messageId, Reason code, String message) {

	/** The version this code writes. */
	public static final int SCHEMA_VERSION = 1;

	/** Why a message was rejected. */
	public enum Reason {

		/** The sender is not a member of the room, or the room does not exist. */
		NOT_A_MEMBER,

		/** The text is empty or longer than the limit. */
		INVALID_TEXT,

		/** The sender sends faster than the limit. */
		RATE_LIMITED,

		/** The frame could not be read. */
		MALFORMED

	}

}
