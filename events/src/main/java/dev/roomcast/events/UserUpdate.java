package dev.roomcast.events;

import java.time.Instant;
import java.util.Map;

/**
 * Something a user's open clients should show without polling. Topic
 * {@link Topics#USER_UPDATES}, key userId (the user it is for). Written by
 * account-service; read by every gateway instance from the end, which sends it to the
 * user's {@code /user/queue/updates} on every session it holds. An update is a hint to
 * redraw: a client that reconnects re-reads its lists once instead of replaying updates.
 *
 * <p>
 * Version 1: all fields. What {@code data} holds per type is in {@code docs/api.md}.
 *
 * @param schemaVersion the schema version, {@value #SCHEMA_VERSION}
 * @param eventId unique id of this update
 * @param occurredAt when it happened
 * @param userId the user it is for
 * @param type what happened
 * @param data the type's fields (ids, names, seqs, statuses), never message text
 */
public record UserUpdate(int schemaVersion, String eventId, Instant occurredAt, String userId, Type type,
		Map<String, Object> data) {

	/** The version this code writes. */
	public static final int SCHEMA_VERSION = 1;

	/** What happened, from the point of view of {@code userId}. */
	public enum Type {

		/** Someone asked to become a contact: {@code data} has the contact entry. */
		CONTACT_REQUESTED,

		/** A contact request was accepted (by either side). */
		CONTACT_ACCEPTED,

		/** A contact or a request was removed or declined. */
		CONTACT_REMOVED,

		/** A contact was blocked (by either side). */
		CONTACT_BLOCKED,

		/** The user was given a room: created with them or added to it. */
		ROOM_ADDED,

		/** The user is no longer in a room: left, removed, or the room was deleted. */
		ROOM_REMOVED,

		/** A room of the user changed: name or members. */
		ROOM_CHANGED,

		/** The user read a room up to {@code data.seq} on one of their devices. */
		READ,

		/** A contact's presence changed: {@code data.userId}, {@code data.status}. */
		PRESENCE

	}

}
