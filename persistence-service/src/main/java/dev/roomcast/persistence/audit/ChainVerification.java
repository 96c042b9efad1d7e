package dev.roomcast.persistence.audit;

import java.util.List;

import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;

/**
 * The result of checking a room's stored hash chain.
 *
 * @param roomId the room
 * @param messages how many events are stored
 * @param lastSeq the highest stored seq, 0 for none
 * @param valid whether seqs run 1..n without gaps and every hash chains to the previous
 * one and matches its fields (a message changed by an edit or deletion, whose stored text
 * is no longer the one it was hashed with, is checked for its links only: the auditors'
 * replay compares it with the log)
 * @param firstBrokenSeq the first seq where the chain breaks, or {@code null}
 * @param problem what is wrong there, or {@code null}
 */
record ChainVerification(String roomId, long messages, long lastSeq, boolean valid, Long firstBrokenSeq,
		String problem) {

	static ChainVerification of(String roomId, List<RoomEvent> events) {
		return of(roomId, events, java.util.Set.of());
	}

	static ChainVerification of(String roomId, List<RoomEvent> events, java.util.Set<Long> changedSeqs) {
		String prevHash = HashChain.GENESIS;
		long expectedSeq = 1;
		for (RoomEvent event : events) {
			String problem = null;
			if (event.seq() != expectedSeq) {
				problem = "seq " + expectedSeq + " is missing";
			}
			else if (!prevHash.equals(event.prevHash())) {
				problem = "prevHash does not match the hash of seq " + (expectedSeq - 1);
			}
			else if (!changedSeqs.contains(event.seq()) && !HashChain.verifies(event)) {
				problem = "hash does not match the stored fields";
			}
			if (problem != null) {
				return new ChainVerification(roomId, events.size(), lastSeq(events), false, expectedSeq, problem);
			}
			prevHash = event.hash();
			expectedSeq++;
		}
		return new ChainVerification(roomId, events.size(), lastSeq(events), true, null, null);
	}

	private static long lastSeq(List<RoomEvent> events) {
		return events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
	}

}
