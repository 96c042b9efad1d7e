package dev.roomcast.account.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.roomcast.account.read.ReadStates.ReadKey;
import dev.roomcast.events.RoomEvent;

/**
 * What one poll of the room log teaches about read state: each room's highest seq, the
 * seqs that are not chat messages (they never count as unread), and how far whoever acted
 * in an event has read. Members of a membership event are remembered apart: their clients
 * are told when that moves their mark.
 */
final class RoomLogBatch {

	final Map<String, Long> lastSeqs = new HashMap<>();

	final List<SkippedSeq> skipped = new ArrayList<>();

	final Map<ReadKey, Long> readSeqs = new HashMap<>();

	final Set<ReadKey> members = new HashSet<>();

	/**
	 * Adds one event of the log.
	 * @param event the event, readable (a room id and a seq of 1 or more)
	 */
	void add(RoomEvent event) {
		this.lastSeqs.merge(event.roomId(), event.seq(), Math::max);
		if (!isMessage(event)) {
			this.skipped.add(new SkippedSeq(event.roomId(), event.seq()));
		}
		if (event.senderId() != null) {
			this.readSeqs.merge(new ReadKey(event.senderId(), event.roomId()), event.seq(), Math::max);
		}
		if (event.memberId() != null) {
			ReadKey member = new ReadKey(event.memberId(), event.roomId());
			this.readSeqs.merge(member, event.seq(), Math::max);
			this.members.add(member);
		}
	}

	boolean isEmpty() {
		return this.lastSeqs.isEmpty();
	}

	/**
	 * Whether an event is a chat message, the only kind that counts as unread: edits,
	 * deletions and membership changes do not (the first schema version had no type but
	 * messages).
	 */
	static boolean isMessage(RoomEvent event) {
		return event.type() == null || event.type() == RoomEvent.Type.MESSAGE;
	}

	/** A seq of a room that is not a chat message. */
	record SkippedSeq(String roomId, long seq) {
	}

}
