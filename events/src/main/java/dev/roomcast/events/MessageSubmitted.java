package dev.roomcast.events;

import java.time.Instant;

/**
 * A message a client submitted to a room, not yet ordered. Topic
 * {@link Topics#CHAT_INBOUND}, key roomId. Written by gateway once the user's session,
 * membership, size and rate were checked; read by chat-service, which orders it or
 * rejects it.
 *
 * <p>
 * Version 1: all fields.
 *
 * @param schemaVersion the schema version, {@value #SCHEMA_VERSION}
 * @param eventId unique id of this event
 * @param occurredAt when gateway received the frame
 * @param messageId the client's id for the message, its idempotency key within the room
 * @param roomId the room
 * @param senderId the sender's user id
 * @param senderName the sender's display name at send time
 * @param text the message text
 */
public record MessageSubmitted(int schemaVersion, String eventId, Instant occurredAt, String messageId, String roomId,
		String senderId, String senderName, String text) {

	/** The version this code writes. */
	public static final int SCHEMA_VERSION = 1;

}
