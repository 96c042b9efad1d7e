package dev.roomcast.events;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

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
 * Version 1: type {@link Type#MESSAGE} and all fields.
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
 * @param memberId the member a membership event is about, {@code null} for a message
 * @param memberName that member's display name, {@code null} for a message
 */
public record RoomEvent(int schemaVersion, String eventId, Instant occurredAt, Type type, String roomId, long seq,
		String messageId, String senderId, String senderName, String text, Instant sentAt, String prevHash, String hash,
		@JsonInclude(JsonInclude.Include.NON_NULL) String memberId,
		@JsonInclude(JsonInclude.Include.NON_NULL) String memberName) {

	/**
	 * A message event (no member fields).
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
	 * @param hash this event's hash
	 */
	public RoomEvent(int schemaVersion, String eventId, Instant occurredAt, Type type, String roomId, long seq,
			String messageId, String senderId, String senderName, String text, Instant sentAt, String prevHash,
			String hash) {
		this(schemaVersion, eventId, occurredAt, type, roomId, seq, messageId, senderId, senderName, text, sentAt,
				prevHash, hash, null, null);
	}

	/** The version this code writes. */
	public static final int SCHEMA_VERSION = 1;

	/** What happened in the room. */
	public enum Type {

		/** A chat message was posted. */
		MESSAGE,

		/** The room was created with this member. */
		ROOM_CREATED,

		/** A member was added. */
		MEMBER_ADDED,

		/** A member was removed. */
		MEMBER_REMOVED,

		/** A member left. */
		MEMBER_LEFT

	}

}
