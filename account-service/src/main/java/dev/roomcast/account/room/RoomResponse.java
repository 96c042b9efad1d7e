package dev.roomcast.account.room;

import java.time.Instant;
import java.util.List;

import dev.roomcast.account.user.UserResponse;
import dev.roomcast.events.RoomSnapshot;

record RoomResponse(String id, RoomSnapshot.Kind kind, String name, String ownerId, List<String> memberIds,
		List<UserResponse> members, Instant createdAt, long version) {
}
