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
 * <p>
 * Version 3: the types {@link RoomEvent.Type#EDIT} and {@link RoomEvent.Type#DELETE}
 * (written by gateway) and {@code targetSeq}, the seq of the message they change. For
 * them {@code messageId} is the client's id of the change (its idempotency key),
 * {@code text} the new text of an edit and {@code null} for a deletion.
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
 * @param targetSeq the seq of the message an edit or deletion changes, else {@code null}
 * (version 3)
 */
public record MessageSubmitted(int schemaVersion, String eventId, Instant occurredAt, String messageId, String roomId,
		String senderId, String senderName, String text, RoomEvent.Type type, String memberId, String memberName,
		long roomVersion, Long targetSeq) {

	/** The version this code writes. */
	public static final int SCHEMA_VERSION = 3;

	/**
	 * A submission without the version 3 field: a message or a membership change.
	 * @param schemaVersion the schema version
	 * @param eventId unique id of this event
	 * @param occurredAt when it was received
	 * @param messageId the client's id for the message, or the change's id
	 * @param roomId the room
	 * @param senderId the sender's or actor's user id
	 * @param senderName that user's display name
	 * @param text the message text, {@code null} for a membership change
	 * @param type what is submitted, {@code null} for a message
	 * @param memberId the member a membership change is about
	 * @param memberName that member's display name
	 * @param roomVersion the room snapshot version of a membership change, 0 otherwise
	 */
	public MessageSubmitted(int schemaVersion, String eventId, Instant occurredAt, String messageId, String roomId,
			String senderId, String senderName, String text, RoomEvent.Type type, String memberId, String memberName,
			long roomVersion) {
		this(schemaVersion, eventId, occurredAt, messageId, roomId, senderId, senderName, text, type, memberId,
				memberName, roomVersion, null);
	}

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
		this(schemaVersion, eventId, occurredAt, messageId, roomId, senderId, senderName, text, null, null, null, 0,
				null);
	}

	/**
	 * What this submission asks to record.
	 * @return {@code type}, {@link RoomEvent.Type#MESSAGE} when absent
	 */
	public RoomEvent.Type effectiveType() {
		return (this.type != null) ? this.type : RoomEvent.Type.MESSAGE;
	}

}
