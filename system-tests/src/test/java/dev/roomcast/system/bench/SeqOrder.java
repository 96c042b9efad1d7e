package dev.roomcast.system.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the room events one session receives: each room's {@code seq} must be one more
 * than the last one seen of the room, from the subscription's {@code last-seq} on (or,
 * without one, from the first event seen). A skip, a repeat or a step back is reported.
 */
final class SeqOrder {

	private static final String SEQ_FIELD = "\"seq\":";

	private static final String ROOM_DESTINATION = "MESSAGE\ndestination:/topic/rooms/";

	private final LeanStompClient.Listener listener;

	/** The last seq seen per room. */
	private final Map<String, long[]> lastSeqs = new ConcurrentHashMap<>();

	SeqOrder(LeanStompClient.Listener listener) {
		this.listener = listener;
	}

	/**
	 * The seq a subscription starts after: the RECEIPT's {@code last-seq}.
	 * @param roomId the room
	 * @param lastSeq the highest seq the gateway had read when it registered the
	 * subscription
	 */
	void base(String roomId, long lastSeq) {
		this.lastSeqs.put(roomId, new long[] { lastSeq });
	}

	/**
	 * Checks a MESSAGE frame of a room topic; other frames are ignored.
	 * @param frame the whole frame
	 */
	void check(String frame) {
		if (!frame.startsWith(ROOM_DESTINATION)) {
			return;
		}
		int body = frame.indexOf("\n\n");
		int field = (body < 0) ? -1 : frame.indexOf(SEQ_FIELD, body);
		if (field < 0) {
			return;
		}
		int start = field + SEQ_FIELD.length();
		int end = start;
		while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
			end++;
		}
		long seq = Long.parseLong(frame, start, end, 10);
		String room = frame.substring(ROOM_DESTINATION.length(), frame.indexOf('\n', ROOM_DESTINATION.length()));
		long[] last = this.lastSeqs.computeIfAbsent(room, (ignored) -> new long[] { seq - 1 });
		if (seq != last[0] + 1) {
			this.listener.outOfOrder(room, last[0] + 1, seq);
		}
		last[0] = Math.max(last[0], seq);
	}

}
