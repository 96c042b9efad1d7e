package dev.roomcast.events;

import java.time.Instant;

/**
 * A user's presence changed, as the gateways together see it. Topic
 * {@link Topics#USER_PRESENCE}, key userId, compacted. Written by the gateway instance
 * whose change of the user's sessions changed the combined status; read by
 * account-service, which tells the user's accepted contacts with a
 * {@link UserUpdate.Type#PRESENCE} update.
 *
 * <p>
 * The combined status itself lives in Redis under {@link #STATUS_KEY_PREFIX}
 * {@code + userId} (absent means {@link Status#OFFLINE}); a reader that needs the current
 * status reads it there, as the event may be overtaken by a later one.
 *
 * <p>
 * Version 1: all fields.
 *
 * @param schemaVersion the schema version, {@value #SCHEMA_VERSION}
 * @param eventId unique id of this event
 * @param occurredAt when the status changed
 * @param userId whose presence
 * @param status the new status
 */
public record PresenceChanged(int schemaVersion, String eventId, Instant occurredAt, String userId, Status status) {

	/** The version this code writes. */
	public static final int SCHEMA_VERSION = 1;

	/** The Redis key (plus the userId) of a user's current status; absent: offline. */
	public static final String STATUS_KEY_PREFIX = "roomcast:presence:status:";

	/** Where a user is. */
	public enum Status {

		/**
		 * At least one WebSocket open on some gateway, with a frame within the idle time.
		 */
		ONLINE,

		/** WebSockets open, but no frame from the user within the idle time. */
		AWAY,

		/** No WebSocket open on any live gateway. */
		OFFLINE

	}

}
