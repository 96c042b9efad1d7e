package dev.roomcast.events;

import java.time.Instant;

/**
 * A submitted message that will not be delivered, told to its sender. Topic
 * {@link Topics#CHAT_NOTICES}, key userId. Written by chat-service; read by gateway,
 * which sends it to the user's {@code /user/queue/errors}.
 *
 * <p>
 * Version 1: all fields.
 * <p>
 * Version 2: the reasons {@link Reason#NOT_THE_SENDER}, {@link Reason#NO_SUCH_MESSAGE},
 * {@link Reason#MESSAGE_DELETED} and {@link Reason#EDIT_WINDOW_CLOSED} for edits and
 * deletions; {@code messageId} is then the id of the refused change.
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
	public static final int SCHEMA_VERSION = 2;

	/** Why a message was rejected. */
	public enum Reason {

		/** The sender is not a member of the room, or the room does not exist. */
		NOT_A_MEMBER,

		/** The text is empty or longer than the limit. */
		INVALID_TEXT,

		/** The sender sends faster than the limit. */
		RATE_LIMITED,

		/** The frame could not be read. */
		MALFORMED,

		/**
		 * Only the original sender may edit or delete a message (version 2).
		 */
		NOT_THE_SENDER,

		/**
		 * The target of an edit or deletion is not a message of the room (version 2).
		 */
		NO_SUCH_MESSAGE,

		/** The target of an edit or deletion was deleted (version 2). */
		MESSAGE_DELETED,

		/** The message is older than edits are allowed for (version 2). */
		EDIT_WINDOW_CLOSED

	}

}
