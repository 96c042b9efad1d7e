package dev.roomcast.events;

import java.time.Instant;

/**
 * A submission to a room's log, not yet ordered. Topic {@link Topics#CHAT_INBOUND}, key
 * roomId. Written by gateway for a message, once the user's session, membership, size and
 * rate were checked, and by account-service for a membership change; read by
 * chat-service, which orders it (a {@link RoomEvent} of the same type) or rejects it.
 *
 * <p>
 * Version 1: all fields up to {@code text}; always a message.
 * <p>
 * Version 2: {@code type} ({@code null} or absent means {@link RoomEvent.Type#MESSAGE}),
 * {@code memberId}, {@code memberName} and {@code roomVersion} for membership changes.
 * For a membership change {@code messageId} is the change's unique id, {@code senderId}
 * and {@code senderName} the actor, {@code text} {@code null}, and {@code roomVersion}
 * the version of the {@link RoomSnapshot} that carries the change.
 *
 * @param schemaVersion the schema version, {@value #SCHEMA_VERSION}
 * @param eventId unique id of this event
 * @param occurredAt when gateway received the frame
 * @param messageId the client's id for the message, its idempotency key within the room
 * @param roomId the room
 * @param senderId the sender's user id
 * @param senderName the sender's display name at send time
 * @param text the message text
 * @param type what is submitted, {@code null} for a message (version 2)
 * @param memberId the member a membership change is about (version 2)
 * @param memberName that member's display name (version 2)
 * @param roomVersion the room snapshot version of a membership change, 0 otherwise
 * (version 2)
 */
public record MessageSubmitted(int schemaVersion, String eventId, Instant occurredAt, String messageId, String roomId,
		String senderId, String senderName, String text, RoomEvent.Type type, String memberId, String memberName,
		long roomVersion) {

	/** The version this code writes. */
	public static final int SCHEMA_VERSION = 2;

	/**
	 * A message, the only kind of submission of version 1.
	 * @param schemaVersion the schema version
	 * @param eventId unique id of this event
	 * @param occurredAt when gateway received the frame
	 * @param messageId the client's id for the message
	 * @param roomId the room
	 * @param senderId the sender's user id
	 * @param senderName the sender's display name at send time
	 * @param text the message text
	 */
	public MessageSubmitted(int schemaVersion, String eventId, Instant occurredAt, String messageId, String roomId,
			String senderId, String senderName, String text) {
		this(schemaVersion, eventId, occurredAt, messageId, roomId, senderId, senderName, text, null, null, null, 0);
	}

	/**
	 * What this submission asks to record.
	 * @return {@code type}, {@link RoomEvent.Type#MESSAGE} when absent
	 */
	public RoomEvent.Type effectiveType() {
		return (this.type != null) ? this.type : RoomEvent.Type.MESSAGE;
	}

}
