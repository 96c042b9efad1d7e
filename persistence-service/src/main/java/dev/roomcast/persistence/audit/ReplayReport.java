package dev.roomcast.persistence.audit;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a replay found. Lists are capped at {@link LogReplay#MAX_ITEMS} items each (the
 * counts are exact). {@code roomId} is set on items only when the replay covered all
 * rooms.
 *
 * @param roomsChecked rooms seen in the log or the store
 * @param eventsRead records read from {@code chat.room-events}
 * @param valid whether nothing at all is wrong
 * @param chain per room: whether its log chain is sound, and the first problem
 * @param logProblems every untrusted log record (forged, repeated, skipped, unreadable)
 * @param missing log events the store does not hold
 * @param extra stored documents with no event in the log
 * @param altered stored documents whose fields differ from the log
 * @param signedHeads the check of the signed chain heads
 * @param membership per room, who was a member, by ranges of seqs
 * @param changes per room with any, its edits and deletions
 * @param counts exact sizes of the lists
 */
record ReplayReport(int roomsChecked, long eventsRead, boolean valid, Map<String, Chain> chain,
		List<LogProblem> logProblems, List<Object> missing, List<Object> extra, List<Altered> altered,
		SignedHeads signedHeads, Map<String, List<MemberRange>> membership, Map<String, Changes> changes,
		Map<String, Long> counts) {

	/**
	 * A room's edits and deletions, as the log holds them (its original texts stay in the
	 * log; the store shows the latest text or a tombstone).
	 *
	 * @param edits how many edits
	 * @param deletions how many deletions
	 * @param items each change, in seq order (capped)
	 */
	record Changes(long edits, long deletions, List<Change> items) {
	}

	/**
	 * One edit or deletion.
	 *
	 * @param seq its own seq
	 * @param type {@code EDIT} or {@code DELETE}
	 * @param targetSeq the message it changed
	 * @param senderId who changed it (its sender)
	 */
	record Change(long seq, String type, long targetSeq, String senderId) {
	}

	/**
	 * A room's log chain.
	 *
	 * @param valid whether seqs run 1, 2, 3… and every hash links and matches its fields
	 * @param lastSeq the last trusted seq
	 * @param firstBrokenSeq the seq of the first untrusted record
	 * @param problem what is wrong with it
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Chain(boolean valid, long lastSeq, Long firstBrokenSeq, String problem) {
	}

	/**
	 * A record of the log that is not trusted.
	 *
	 * @param roomId the room, when known
	 * @param seq its seq, when known
	 * @param partition the partition
	 * @param offset the offset
	 * @param problem what is wrong
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record LogProblem(String roomId, Long seq, int partition, long offset, String problem) {
	}

	/**
	 * A missing or extra item when all rooms were replayed.
	 *
	 * @param roomId the room
	 * @param seq the seq
	 */
	record RoomSeq(String roomId, long seq) {
	}

	/**
	 * A stored document whose fields differ from the log's event.
	 *
	 * @param roomId the room, only when all rooms were replayed
	 * @param seq the seq
	 * @param fields per field name, the log's and the store's value
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Altered(String roomId, long seq, Map<String, Difference> fields) {
	}

	/**
	 * One field's two values.
	 *
	 * @param log the log's value
	 * @param store the store's value
	 */
	record Difference(Object log, Object store) {
	}

	/**
	 * The check of {@code chat.chain-heads}.
	 *
	 * @param keyId the public key's id, or {@code null} when none is configured
	 * @param checked signed heads checked
	 * @param problems heads that failed, or the log or store that disagrees with them
	 */
	record SignedHeads(String keyId, long checked, List<HeadProblem> problems) {
	}

	/**
	 * A signed head that failed its check.
	 *
	 * @param roomId the room
	 * @param seq the signed seq
	 * @param problem what is wrong
	 */
	record HeadProblem(String roomId, long seq, String problem) {
	}

	/**
	 * The members of a room over a range of seqs (from a membership event to the next).
	 *
	 * @param fromSeq the first seq of the range
	 * @param toSeq the last seq of the range
	 * @param members the members then, as "id (name)"
	 */
	record MemberRange(long fromSeq, long toSeq, List<String> members) {
	}

}
