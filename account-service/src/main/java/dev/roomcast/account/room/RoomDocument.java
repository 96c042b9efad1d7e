package dev.roomcast.account.room;

import java.time.Instant;
import java.util.List;

import dev.roomcast.events.RoomSnapshot;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A room in collection {@code rooms}. {@code uniqueKey} carries a unique index: for a
 * direct room it is the sorted pair, so a pair has one direct room. A deleted room stays
 * as a document with {@code deleted} set, so that its tombstone is published again at
 * start. {@code version} (optimistic locking) is also the snapshot version.
 *
 * @param id the room id
 * @param kind direct or group
 * @param name the group name; empty for a direct room
 * @param ownerId the group owner; for a direct room the first of the pair
 * @param pairIds the two users of a direct room, whether or not both are members now
 * @param memberIds the current members
 * @param uniqueKey {@code direct:<a>:<b>} or {@code group:<id>}
 * @param deleted whether the room was deleted
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param version increases on every change
 */
@Document("rooms")
record RoomDocument(@Id String id, RoomSnapshot.Kind kind, String name, String ownerId, List<String> pairIds,
		List<String> memberIds, String uniqueKey, boolean deleted, Instant createdAt, Instant updatedAt,
		@Version Long version) {

	static String directKey(String userId, String otherId) {
		return (userId.compareTo(otherId) < 0) ? "direct:" + userId + ":" + otherId
				: "direct:" + otherId + ":" + userId;
	}

	boolean hasMember(String userId) {
		return this.memberIds.contains(userId);
	}

	RoomDocument withMembers(String ownerId, List<String> memberIds) {
		return new RoomDocument(this.id, this.kind, this.name, ownerId, this.pairIds, List.copyOf(memberIds),
				this.uniqueKey, this.deleted, this.createdAt, Instant.now(), this.version);
	}

	RoomDocument asDeleted() {
		return new RoomDocument(this.id, this.kind, this.name, this.ownerId, this.pairIds, List.of(), this.uniqueKey,
				true, this.createdAt, Instant.now(), this.version);
	}

	RoomSnapshot toSnapshot() {
		return new RoomSnapshot(RoomSnapshot.SCHEMA_VERSION, java.util.UUID.randomUUID().toString(), this.updatedAt,
				this.id, this.kind, (this.name != null) ? this.name : "", this.ownerId, this.memberIds,
				(this.version != null) ? this.version : 0);
	}

}
