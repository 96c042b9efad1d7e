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
final class RoomEvents {

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

}
