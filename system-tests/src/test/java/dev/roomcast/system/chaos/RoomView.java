package dev.roomcast.system.chaos;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import dev.roomcast.system.support.ChatRoom;
import tools.jackson.databind.JsonNode;

/**
 * What one subscriber has of a room's chat messages, as a client following docs/api.md
 * section 5 shows them: every live MESSAGE of each of its connections and every history
 * page it read to catch up, merged by seq. It checks as it goes what the protocol
 * promises: on one connection seqs only grow (a repeat is a duplicate, a lower one an
 * inversion), one messageId is ordered at one seq only, one seq holds one message.
 */
final class RoomView {

	private final NavigableMap<Long, String> bySeq = new TreeMap<>();

	private final Map<String, Long> seqByMessageId = new HashMap<>();

	/** Arrival times ({@link System#nanoTime()}) of the live messages. */
	private final List<Long> arrivals = new ArrayList<>();

	private long lastOnConnection;

	private long liveDeliveries;

	private long duplicates;

	private long inversions;

	private long conflicts;

	/**
	 * A sink for one connection's subscription: live messages go to this view.
	 * @return the sink for {@code StompTestClient#subscribeForReceipt}
	 */
	synchronized List<JsonNode> newConnection() {
		this.lastOnConnection = 0;
		return new AbstractList<>() {

			@Override
			public boolean add(JsonNode message) {
				live(message);
				return true;
			}

			@Override
			public JsonNode get(int index) {
				throw new IndexOutOfBoundsException(index);
			}

			@Override
			public int size() {
				return 0;
			}

		};
	}

	private synchronized void live(JsonNode message) {
		if (!isChatMessage(message)) {
			return;
		}
		long seq = message.get("seq").asLong();
		this.arrivals.add(System.nanoTime());
		this.liveDeliveries++;
		if (seq <= this.lastOnConnection) {
			if (message.get("messageId").asString().equals(this.bySeq.get(seq))) {
				this.duplicates++;
			}
			else {
				this.inversions++;
			}
			return;
		}
		this.lastOnConnection = seq;
		apply(seq, message.get("messageId").asString());
	}

	/**
	 * Adds a history page read to catch up.
	 * @param page the page, an array of messages
	 * @return the highest seq of the page, or -1 for an empty page
	 */
	synchronized long history(JsonNode page) {
		long last = -1;
		for (JsonNode message : page) {
			last = message.get("seq").asLong();
			if (isChatMessage(message)) {
				apply(last, message.get("messageId").asString());
			}
		}
		return last;
	}

	private void apply(long seq, String messageId) {
		String known = this.bySeq.get(seq);
		if (known != null) {
			if (!known.equals(messageId)) {
				this.conflicts++;
			}
			return;
		}
		Long otherSeq = this.seqByMessageId.putIfAbsent(messageId, seq);
		if (otherSeq != null) {
			// one message ordered twice: chat-service's dedupe failed
			this.duplicates++;
		}
		this.bySeq.put(seq, messageId);
	}

	/**
	 * The highest seq shown: where catch-up reads on from.
	 * @return the seq, or 0 before any message
	 */
	synchronized long lastSeq() {
		return this.bySeq.isEmpty() ? 0 : this.bySeq.lastKey();
	}

	synchronized boolean hasAll(Iterable<String> messageIds) {
		for (String messageId : messageIds) {
			if (!this.seqByMessageId.containsKey(messageId)) {
				return false;
			}
		}
		return true;
	}

	synchronized long missing(Iterable<String> messageIds) {
		long missing = 0;
		for (String messageId : messageIds) {
			if (!this.seqByMessageId.containsKey(messageId)) {
				missing++;
			}
		}
		return missing;
	}

	/** Seqs missing between the room's first message and the last one shown. */
	synchronized long gaps() {
		if (this.bySeq.isEmpty()) {
			return 0;
		}
		return this.bySeq.lastKey() - ChatRoom.FIRST_MESSAGE_SEQ + 1 - this.bySeq.size();
	}

	synchronized long messages() {
		return this.bySeq.size();
	}

	synchronized long liveDeliveries() {
		return this.liveDeliveries;
	}

	synchronized long duplicates() {
		return this.duplicates;
	}

	/**
	 * Lower seqs after higher ones on one connection, and seqs shown with two messages.
	 */
	synchronized long inversions() {
		return this.inversions + this.conflicts;
	}

	synchronized List<Long> arrivals() {
		return List.copyOf(this.arrivals);
	}

	private static boolean isChatMessage(JsonNode message) {
		return !message.hasNonNull("type") || "MESSAGE".equals(message.get("type").asString());
	}

}
