package dev.roomcast.events;

import java.time.Instant;

/**
 * An accepted event of a room, in the room's order. Topic
 * {@link Topics#CHAT_ROOM_EVENTS}, key roomId, kept forever: the source of truth that
 * MongoDB projects. Written by chat-service; read by every gateway instance (fan-out) and
 * persistence-service.
 *
 * <p>
 * {@code seq} runs 1, 2, 3… per room without gaps; {@code hash} chains each event to the
 * previous one of its room (see {@link HashChain}).
 *
 * <p>
 * Version 1: type {@link Type#MESSAGE} and all fields up to {@code hash}.
 * <p>
 * Version 2: the membership types {@link Type#ROOM_CREATED}, {@link Type#MEMBER_ADDED},
 * {@link Type#MEMBER_REMOVED}, {@link Type#MEMBER_LEFT} and the fields {@code memberId},
 * {@code memberName}. A membership event takes its own seq in the same chain as messages;
 * its {@code senderId}/{@code senderName} is the actor (who created the room, added or
 * removed the member; the member itself for a leave), {@code text} is {@code null},
 * {@code messageId} is the unique id of the change. A room's creation is one
 * {@code ROOM_CREATED} about the creator followed by one {@code MEMBER_ADDED} (by the
 * creator) per other initial member. For {@code MESSAGE} the new fields are {@code null}
 * and the hash is computed as in version 1.
 * <p>
 * Version 3: the types {@link Type#EDIT} and {@link Type#DELETE} and the field
 * {@code targetSeq}. An edit or a deletion takes its own seq in the same chain; it names
 * the seq of the {@code MESSAGE} it changes in {@code targetSeq}, its
 * {@code senderId}/{@code senderName} is the author (only the original sender may change
 * a message), {@code messageId} is the client's id of the change (its idempotency key),
 * and {@code text} is the new text of an edit and {@code null} for a deletion. The log
 * keeps the original message; projections show the latest text or a tombstone. For every
 * other type {@code targetSeq} is {@code null} and the hash is computed as in version 2.
 *
 * @param schemaVersion the schema version, {@value #SCHEMA_VERSION}
 * @param eventId unique id of this event
 * @param occurredAt when chat-service accepted it
 * @param type what happened in the room
 * @param roomId the room
 * @param seq the position in the room, from 1
 * @param messageId the client's id for the message
 * @param senderId the sender's user id
 * @param senderName the sender's display name at send time
 * @param text the message text
 * @param sentAt when gateway received the message
 * @param prevHash hash of the previous event of the room, {@link HashChain#GENESIS} for
 * the first
 * @param hash {@code SHA-256(prevHash + canonical fields)}, hex
 * @param memberId the member a membership event is about (version 2), else {@code null}
 * @param memberName that member's display name (version 2), else {@code null}
 * @param targetSeq the seq of the message an edit or deletion changes (version 3), else
 * {@code null}
 */
public record RoomEvent(int schemaVersion, String eventId, Instant occurredAt, Type type, String roomId, long seq,
		String messageId, String senderId, String senderName, String text, Instant sentAt, String prevHash, String hash,
		String memberId, String memberName, Long targetSeq) {

	/** The version this code writes. */
	public static final int SCHEMA_VERSION = 3;

	/**
	 * An event without the version 3 field: a message, a membership event, or an event of
	 * version 1 or 2.
	 * @param schemaVersion the schema version
	 * @param eventId unique id of this event
	 * @param occurredAt when chat-service accepted it
	 * @param type what happened in the room
	 * @param roomId the room
	 * @param seq the position in the room, from 1
	 * @param messageId the client's id for the message
	 * @param senderId the sender's user id
	 * @param senderName the sender's display name at send time
	 * @param text the message text
	 * @param sentAt when gateway received the message
	 * @param prevHash hash of the previous event of the room
	 * @param hash the event's hash
	 * @param memberId the member a membership event is about, else {@code null}
	 * @param memberName that member's display name, else {@code null}
	 */
	public RoomEvent(int schemaVersion, String eventId, Instant occurredAt, Type type, String roomId, long seq,
			String messageId, String senderId, String senderName, String text, Instant sentAt, String prevHash,
			String hash, String memberId, String memberName) {
		this(schemaVersion, eventId, occurredAt, type, roomId, seq, messageId, senderId, senderName, text, sentAt,
				prevHash, hash, memberId, memberName, null);
	}

	/**
	 * An event without the version 2 fields: a message, or an event of version 1.
	 * @param schemaVersion the schema version
	 * @param eventId unique id of this event
	 * @param occurredAt when chat-service accepted it
	 * @param type what happened in the room
	 * @param roomId the room
	 * @param seq the position in the room, from 1
	 * @param messageId the client's id for the message
	 * @param senderId the sender's user id
	 * @param senderName the sender's display name at send time
	 * @param text the message text
	 * @param sentAt when gateway received the message
	 * @param prevHash hash of the previous event of the room
	 * @param hash the event's hash
	 */
	public RoomEvent(int schemaVersion, String eventId, Instant occurredAt, Type type, String roomId, long seq,
			String messageId, String senderId, String senderName, String text, Instant sentAt, String prevHash,
			String hash) {
		this(schemaVersion, eventId, occurredAt, type, roomId, seq, messageId, senderId, senderName, text, sentAt,
				prevHash, hash, null, null);
	}

	/**
	 * The same event with another hash and id, for the writer that computes them.
	 * @param eventId the event id
	 * @param hash the hash
	 * @return the copy
	 */
	public RoomEvent withIdAndHash(String eventId, String hash) {
		return new RoomEvent(this.schemaVersion, eventId, this.occurredAt, this.type, this.roomId, this.seq,
				this.messageId, this.senderId, this.senderName, this.text, this.sentAt, this.prevHash, hash,
				this.memberId, this.memberName, this.targetSeq);
	}

	/**
	 * Whether this is a membership event rather than a message.
	 * @return whether the type is a membership type
	 */
	public boolean changesMembership() {
		return this.type != null && this.type.isMembership();
	}

	/** What happened in the room. */
	public enum Type {

		/** A chat message was posted. */
		MESSAGE,

		/** The room was created, by and with {@code memberId} (version 2). */
		ROOM_CREATED,

		/** {@code senderId} added {@code memberId} (version 2). */
		MEMBER_ADDED,

		/** {@code senderId} removed {@code memberId} (version 2). */
		MEMBER_REMOVED,

		/** {@code memberId} left the room (version 2). */
		MEMBER_LEFT,

		/**
		 * {@code senderId} replaced the text of their message {@code targetSeq} by
		 * {@code text} (version 3).
		 */
		EDIT,

		/** {@code senderId} deleted their message {@code targetSeq} (version 3). */
		DELETE;

		/**
		 * Whether this type records a membership change.
		 * @return whether it is one of the version 2 membership types
		 */
		public boolean isMembership() {
			return this == ROOM_CREATED || this == MEMBER_ADDED || this == MEMBER_REMOVED || this == MEMBER_LEFT;
		}

		/**
		 * Whether this type changes an earlier message.
		 * @return whether it is {@link #EDIT} or {@link #DELETE}
		 */
		public boolean changesMessage() {
			return this == EDIT || this == DELETE;
		}

	}

}
