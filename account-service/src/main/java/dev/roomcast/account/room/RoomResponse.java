package dev.roomcast.account.room;

import java.time.Instant;
import java.util.List;

import dev.roomcast.account.user.UserResponse;
import dev.roomcast.events.RoomSnapshot;

/**
 * A room as its members see it.
 *
 * @param id the room id
 * @param kind direct or group
 * @param name the group name; empty for a direct room
 * @param ownerId the group owner
 * @param memberIds the members' ids
 * @param members the members
 * @param createdAt when it was created
 * @param version the snapshot version
 * @param lastSeq the highest seq of the room's log account-service has seen
 * @param readSeq the highest seq the asking user has read
 * @param unread the chat messages of others after {@code readSeq} up to {@code lastSeq}
 * (edits, deletions and membership changes do not count)
 */
record RoomResponse(String id, RoomSnapshot.Kind kind, String name, String ownerId, List<String> memberIds,
		List<UserResponse> members, Instant createdAt, long version, long lastSeq, long readSeq, long unread) {
}
