package dev.roomcast.events;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A service's in-memory view of every room's membership, fed from the compacted
 * {@link Topics#ACCOUNT_ROOMS} topic read from the beginning. Thread-safe. Older
 * snapshots never replace newer ones, and a tombstone removes the room.
 *
 * <p>
 * account-service publishes a snapshot before it answers the request that changed the
 * room, so the view lags a change by the time one record takes to arrive.
 * {@link #awaitMember(String, String, Duration)} waits out that lag instead of refusing a
 * member of a room created a moment ago.
 */
public final class RoomDirectory {

	private final Map<String, RoomSnapshot> rooms = new ConcurrentHashMap<>();

	private final Object changed = new Object();

	/**
	 * Applies one record of {@link Topics#ACCOUNT_ROOMS}.
	 * @param roomId the record key
	 * @param snapshot the value, {@code null} for a tombstone
	 */
	public void apply(String roomId, RoomSnapshot snapshot) {
		if (roomId == null) {
			return;
		}
		if (snapshot == null) {
			this.rooms.remove(roomId);
		}
		else {
			this.rooms.merge(roomId, snapshot,
					(old, candidate) -> (candidate.version() >= old.version()) ? candidate : old);
		}
		synchronized (this.changed) {
			this.changed.notifyAll();
		}
	}

	/**
	 * The latest snapshot of a room.
	 * @param roomId the room
	 * @return the snapshot, empty when the room is unknown or deleted
	 */
	public Optional<RoomSnapshot> find(String roomId) {
		return Optional.ofNullable(this.rooms.get(roomId));
	}

	/**
	 * Whether a user is a member of a room now.
	 * @param roomId the room
	 * @param userId the user
	 * @return whether the latest snapshot lists the user
	 */
	public boolean isMember(String roomId, String userId) {
		RoomSnapshot room = this.rooms.get(roomId);
		return room != null && room.hasMember(userId);
	}

	/**
	 * Whether a user is a member of a room, waiting up to a timeout for a snapshot that
	 * makes them one. Members answer at once; only refusals wait.
	 * @param roomId the room
	 * @param userId the user
	 * @param timeout how long to wait for the view to catch up
	 * @return whether the user is a member
	 */
	public boolean awaitMember(String roomId, String userId, Duration timeout) {
		return await(() -> isMember(roomId, userId), timeout);
	}

	/**
	 * Waits up to a timeout until the view holds a room's snapshot of at least a version,
	 * or no longer holds the room (deleted).
	 * @param roomId the room
	 * @param version the version to wait for
	 * @param timeout how long to wait for the view to catch up
	 * @return whether the view caught up
	 */
	public boolean awaitVersion(String roomId, long version, Duration timeout) {
		return await(() -> {
			RoomSnapshot room = this.rooms.get(roomId);
			return room == null || room.version() >= version;
		}, timeout);
	}

	private boolean await(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.changed) {
			while (!condition.getAsBoolean()) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				try {
					this.changed.wait(Math.max(1, remaining / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	/**
	 * How many rooms the view holds.
	 * @return the count
	 */
	public int size() {
		return this.rooms.size();
	}

}
