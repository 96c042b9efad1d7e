package dev.roomcast.events;

import java.time.Instant;

/**
 * A user read a room up to a seq on one of their devices. Topic
 * {@link Topics#USER_READ_STATE}, key {@link #key(String, String) userId:roomId},
 * compacted. Written by gateway for {@code SEND /app/rooms/{roomId}/read}; read by
 * account-service, which keeps the highest seq per user and room ({@code readSeq}, only
 * forward) and tells the user's other sessions with a {@link UserUpdate.Type#READ}
 * update.
 *
 * <p>
 * Version 1: all fields.
 *
 * @param schemaVersion the schema version, {@value #SCHEMA_VERSION}
 * @param eventId unique id of this event
 * @param occurredAt when the gateway received it
 * @param userId the reader
 * @param roomId the room
 * @param seq the highest seq of the room the user has read, from 1
 */
public record RoomRead(int schemaVersion, String eventId, Instant occurredAt, String userId, String roomId, long seq) {

	/** The version this code writes. */
	public static final int SCHEMA_VERSION = 1;

	/**
	 * The record key: one per user and room, so compaction keeps each one's latest mark.
	 * @param userId the reader
	 * @param roomId the room
	 * @return {@code userId:roomId}
	 */
	public static String key(String userId, String roomId) {
		return userId + ":" + roomId;
	}

}
