package dev.roomcast.events;

import java.time.Instant;
import java.util.List;

/**
 * The whole state of a room after a change. Topic {@link Topics#ACCOUNT_ROOMS}, key
 * roomId, compacted, so the latest snapshot of each room is kept; a {@code null} value
 * (tombstone) when the room is deleted. Written by account-service on every room change
 * and again for every room at its start; read by chat-service, gateway and
 * persistence-service for membership.
 *
 * <p>
 * Version 1: all fields.
 *
 * @param schemaVersion the schema version, {@value #SCHEMA_VERSION}
 * @param eventId unique id of this event
 * @param occurredAt when the room last changed
 * @param roomId the room
 * @param kind direct (two people) or group
 * @param name the group's name; for a direct room, empty
 * @param ownerId the creator of a group; for a direct room, the first member
 * @param memberIds the member user ids
 * @param version increases with every change of the room
 */
public record RoomSnapshot(int schemaVersion, String eventId, Instant occurredAt, String roomId, Kind kind, String name,
		String ownerId, List<String> memberIds, long version) {

	/** The version this code writes. */
	public static final int SCHEMA_VERSION = 1;

	/** The kind of room. */
	public enum Kind {

		/** Two people, the one room of their pair. */
		DIRECT,

		/** A named room with an owner. */
		GROUP

	}

	/**
	 * Whether a user is a member.
	 * @param userId the user id
	 * @return whether {@code memberIds} holds it
	 */
	public boolean hasMember(String userId) {
		return this.memberIds != null && this.memberIds.contains(userId);
	}

}
