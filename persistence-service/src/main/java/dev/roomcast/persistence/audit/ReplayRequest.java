package dev.roomcast.persistence.audit;

import java.time.Instant;

/**
 * {@code POST /api/audit/replays}: one room or all of them, optionally only the events
 * sent in {@code [fromTime, toTime)} compared and reported (the chain is always verified
 * from seq 1).
 *
 * @param roomId the room, or {@code null} with {@code all}
 * @param all {@code true} for every room
 * @param fromTime the earliest send time compared, or {@code null}
 * @param toTime the send time compared up to (exclusive), or {@code null}
 */
record ReplayRequest(String roomId, Boolean all, Instant fromTime, Instant toTime) {

	boolean allRooms() {
		return Boolean.TRUE.equals(this.all);
	}

}
