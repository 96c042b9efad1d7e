package dev.roomcast.gateway.delivery;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import dev.roomcast.events.RoomEvent;

/**
 * Decides, per room, what the live stream does with each event read from
 * {@code chat.room-events}. The gateway reads that topic {@code read_uncommitted}, so a
 * message reaches subscribers as soon as chat-service has ordered it rather than after
 * chat-service's exactly-once transaction commits. The price is that the events of a
 * transaction that is later aborted (chat-service crashed) are seen too, followed by the
 * committed events of the retry, which start again at the same seq.
 *
 * <p>
 * chat-service builds each event from its restored state and the input record alone, so a
 * retry repeats the aborted events exactly, and a seq seen before with the same hash is
 * dropped ({@link Verdict#REPEAT}). Only if a retry decided differently (a room's
 * membership changed while chat-service crashed) does a seq come back with another hash:
 * the later one is the committed one and is delivered again ({@link Verdict#CORRECTION});
 * clients keep the latest event of a seq. A room remembers the hashes of its last
 * {@value #WINDOW} seqs (2 KB a room), more than one transaction holds: chat-service
 * commits every second and a room takes at most a couple of hundred messages a second. An
 * older seq that comes back is dropped as a repeat: were it a correction, it reaches
 * clients through history. A room that has had no event for {@link #IDLE} is forgotten,
 * so that memory follows the active rooms; should a retry repeat its events even later
 * (chat-service down for longer than that), they are delivered again, and clients, which
 * keep one event per seq, show them once.
 *
 * <p>
 * It also tells other threads the highest seq seen of each room it remembers
 * ({@link #lastSeq(String)}), which a SUBSCRIBE's RECEIPT carries. Otherwise not
 * thread-safe: only the room events listener thread calls it.
 */
final class RoomSequences {

	static final int WINDOW = 256;

	static final Duration IDLE = Duration.ofMinutes(10);

	/** Least recently active room first. */
	private final Map<String, Line> rooms = new LinkedHashMap<>(16, 0.75f, true);

	private final LongSupplier nanoClock;

	/**
	 * The highest seq of each remembered room, for other threads
	 * ({@link #lastSeq(String)}).
	 */
	private final Map<String, Long> heads = new ConcurrentHashMap<>();

	RoomSequences() {
		this(System::nanoTime);
	}

	RoomSequences(LongSupplier nanoClock) {
		this.nanoClock = nanoClock;
	}

	Verdict accept(RoomEvent event) {
		long now = this.nanoClock.getAsLong();
		forgetIdleRooms(now);
		Line line = this.rooms.computeIfAbsent(event.roomId(), (roomId) -> new Line());
		line.lastActive = now;
		long hash = shortHash(event.hash());
		if (event.seq() > line.lastSeq) {
			line.remember(event.seq(), hash);
			this.heads.put(event.roomId(), event.seq());
			return Verdict.DELIVER;
		}
		if (event.seq() <= line.lastSeq - WINDOW) {
			return Verdict.REPEAT;
		}
		long known = line.hashOf(event.seq());
		if (known == hash) {
			return Verdict.REPEAT;
		}
		line.replace(event.seq(), hash);
		// 0: a seq this gateway never saw (it started reading mid-transaction)
		return (known != 0) ? Verdict.CORRECTION : Verdict.DELIVER;
	}

	/**
	 * The highest seq seen of a room; thread-safe.
	 * @param roomId the room
	 * @return the seq, 0 when the room had no event in the last {@link #IDLE} (or since
	 * the gateway started)
	 */
	long lastSeq(String roomId) {
		return this.heads.getOrDefault(roomId, 0L);
	}

	/**
	 * How many rooms it remembers.
	 * @return the number of rooms with an event in the last {@link #IDLE}
	 */
	int rooms() {
		return this.rooms.size();
	}

	private void forgetIdleRooms(long now) {
		Iterator<Map.Entry<String, Line>> leastRecentFirst = this.rooms.entrySet().iterator();
		while (leastRecentFirst.hasNext()) {
			Map.Entry<String, Line> room = leastRecentFirst.next();
			if (now - room.getValue().lastActive < IDLE.toNanos()) {
				return;
			}
			leastRecentFirst.remove();
			this.heads.remove(room.getKey());
		}
	}

	private static long shortHash(String hash) {
		long value;
		try {
			value = HexFormat.fromHexDigitsToLong(hash, 0, 16);
		}
		catch (RuntimeException ex) {
			value = (hash != null) ? hash.hashCode() : 1;
		}
		// 0 stands for "not seen"
		return (value != 0) ? value : 1;
	}

	/** What to do with an event. */
	enum Verdict {

		/** A seq this gateway has not delivered: deliver it. */
		DELIVER,

		/**
		 * A seq delivered before with the same hash, replayed after an abort: drop it.
		 */
		REPEAT,

		/**
		 * A seq delivered before with another hash: deliver it, it supersedes that one.
		 */
		CORRECTION

	}

	private static final class Line {

		private final long[] hashes = new long[WINDOW];

		private long lastSeq;

		private long lastActive;

		void remember(long seq, long hash) {
			for (long skipped = Math.max(this.lastSeq + 1, seq - WINDOW + 1); skipped < seq; skipped++) {
				this.hashes[slot(skipped)] = 0;
			}
			this.hashes[slot(seq)] = hash;
			this.lastSeq = seq;
		}

		void replace(long seq, long hash) {
			this.hashes[slot(seq)] = hash;
		}

		long hashOf(long seq) {
			return this.hashes[slot(seq)];
		}

		private int slot(long seq) {
			return (int) Math.floorMod(seq, (long) WINDOW);
		}

	}

}
