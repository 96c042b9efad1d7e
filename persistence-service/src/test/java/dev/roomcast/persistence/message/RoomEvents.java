package dev.roomcast.persistence.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;

/**
 * Chained room events as chat-service would produce them.
 */
public final class RoomEvents {

	private RoomEvents() {
	}

	static List<RoomEvent> chain(String roomId, int count) {
		List<RoomEvent> events = new ArrayList<>(count);
		String prevHash = HashChain.GENESIS;
		Instant start = Instant.parse("2026-11-27T08:00:00.123456789Z");
		for (int seq = 1; seq <= count; seq++) {
			String sender = (seq % 2 == 0) ? "u-ada" : "u-bob";
			RoomEvent unhashed = new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
					RoomEvent.Type.MESSAGE, roomId, seq, UUID.randomUUID().toString(), sender, "Name of " + sender,
					"message " + seq, start.plusMillis(seq), prevHash, null);
			String hash = HashChain.hash(prevHash, unhashed);
			events.add(new RoomEvent(unhashed.schemaVersion(), unhashed.eventId(), unhashed.occurredAt(),
					unhashed.type(), roomId, seq, unhashed.messageId(), sender, unhashed.senderName(), unhashed.text(),
					unhashed.sentAt(), prevHash, hash));
			prevHash = hash;
		}
		return events;
	}

	/**
	 * A room's log with membership: created by u-ada, who adds u-bob; a message of u-bob;
	 * u-bob leaves.
	 */
	static List<RoomEvent> withMembership(String roomId) {
		Instant at = Instant.parse("2026-11-27T08:00:00.5Z");
		List<RoomEvent> unhashed = List.of(membership(roomId, 1, RoomEvent.Type.ROOM_CREATED, "u-ada", "u-ada", at),
				membership(roomId, 2, RoomEvent.Type.MEMBER_ADDED, "u-ada", "u-bob", at.plusMillis(1)),
				new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
						RoomEvent.Type.MESSAGE, roomId, 3, UUID.randomUUID().toString(), "u-bob", "Name of u-bob",
						"hello", at.plusMillis(2), null, null),
				membership(roomId, 4, RoomEvent.Type.MEMBER_LEFT, "u-bob", "u-bob", at.plusMillis(3)));
		return linked(roomId, unhashed);
	}

	/**
	 * A room's log with edits and deletions: u-ada's message 1 edited twice (by seqs 3
	 * and 4), u-bob's message 2 untouched, u-ada's message 5 edited (6) and then deleted
	 * (7). Every removed text contains "regret".
	 */
	public static List<RoomEvent> withChanges(String roomId) {
		Instant at = Instant.parse("2026-11-27T08:00:00.5Z");
		List<RoomEvent> unhashed = List.of(posted(roomId, 1, RoomEvent.Type.MESSAGE, "u-ada", "first draft", null, at),
				posted(roomId, 2, RoomEvent.Type.MESSAGE, "u-bob", "keep me", null, at),
				posted(roomId, 3, RoomEvent.Type.EDIT, "u-ada", "second draft", 1L, at),
				posted(roomId, 4, RoomEvent.Type.EDIT, "u-ada", "final", 1L, at),
				posted(roomId, 5, RoomEvent.Type.MESSAGE, "u-ada", "a regret", null, at),
				posted(roomId, 6, RoomEvent.Type.EDIT, "u-ada", "a worse regret", 5L, at),
				posted(roomId, 7, RoomEvent.Type.DELETE, "u-ada", null, 5L, at));
		return linked(roomId, unhashed);
	}

	private static RoomEvent posted(String roomId, long seq, RoomEvent.Type type, String sender, String text,
			Long targetSeq, Instant at) {
		return new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), at.plusSeconds(seq), type, roomId,
				seq, UUID.randomUUID().toString(), sender, "Name of " + sender, text, at.plusSeconds(seq), null, null,
				null, null, targetSeq);
	}

	private static List<RoomEvent> linked(String roomId, List<RoomEvent> unhashed) {
		List<RoomEvent> events = new ArrayList<>();
		String prevHash = HashChain.GENESIS;
		for (RoomEvent event : unhashed) {
			RoomEvent linked = new RoomEvent(event.schemaVersion(), event.eventId(), event.occurredAt(), event.type(),
					roomId, event.seq(), event.messageId(), event.senderId(), event.senderName(), event.text(),
					event.sentAt(), prevHash, null, event.memberId(), event.memberName(), event.targetSeq());
			String hash = HashChain.hash(prevHash, linked);
			events.add(linked.withIdAndHash(linked.eventId(), hash));
			prevHash = hash;
		}
		return events;
	}

	private static RoomEvent membership(String roomId, long seq, RoomEvent.Type type, String actor, String member,
			Instant at) {
		return new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(), type, roomId, seq,
				UUID.randomUUID().toString(), actor, "Name of " + actor, null, at, null, null, member,
				"Name of " + member);
	}

}
