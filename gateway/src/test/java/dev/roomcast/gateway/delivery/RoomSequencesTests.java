package dev.roomcast.gateway.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.gateway.delivery.RoomSequences.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoomSequencesTests {

	private final AtomicLong nanos = new AtomicLong();

	private final RoomSequences sequences = new RoomSequences(this.nanos::get);

	@Test
	void deliversEachNewSeqOfARoom() {
		List<RoomEvent> room = chain("a", 2);

		assertThat(room).extracting(this.sequences::accept).containsOnly(Verdict.DELIVER);
		assertThat(this.sequences.accept(event("b", 1, "other room", HashChain.GENESIS))).isEqualTo(Verdict.DELIVER);
	}

	@Test
	void dropsASeqReplayedWithTheSameHash() {
		List<RoomEvent> room = chain("a", 2);
		room.forEach(this.sequences::accept);

		assertThat(room).extracting(this.sequences::accept).containsOnly(Verdict.REPEAT);
		assertThat(this.sequences.accept(event("a", 3, "three", room.get(1).hash()))).isEqualTo(Verdict.DELIVER);
	}

	@Test
	void deliversASeqThatComesBackWithAnotherHashAsACorrectionOnce() {
		RoomEvent first = event("a", 1, "one", HashChain.GENESIS);
		RoomEvent phantom = event("a", 2, "aborted", first.hash());
		RoomEvent committed = event("a", 2, "committed", first.hash());
		this.sequences.accept(first);
		this.sequences.accept(phantom);

		assertThat(this.sequences.accept(committed)).isEqualTo(Verdict.CORRECTION);
		assertThat(this.sequences.accept(committed)).isEqualTo(Verdict.REPEAT);
		assertThat(this.sequences.accept(event("a", 3, "three", committed.hash()))).isEqualTo(Verdict.DELIVER);
	}

	@Test
	void deliversAnEarlierSeqItNeverSawAfterAJump() {
		RoomEvent tenth = event("a", 10, "ten", HashChain.GENESIS);
		this.sequences.accept(tenth);

		assertThat(this.sequences.accept(event("a", 8, "eight", HashChain.GENESIS))).isEqualTo(Verdict.DELIVER);
	}

	@Test
	void forgetsSeqsOlderThanItsWindow() {
		chain("a", RoomSequences.WINDOW + 1).forEach(this.sequences::accept);

		assertThat(this.sequences.accept(event("a", 1, "other", HashChain.GENESIS))).isEqualTo(Verdict.REPEAT);
	}

	@Test
	void forgetsARoomWithoutEventsForTheIdleTime() {
		RoomEvent quiet = event("quiet", 1, "one", HashChain.GENESIS);
		this.sequences.accept(quiet);
		this.nanos.addAndGet(RoomSequences.IDLE.toNanos() / 2);
		RoomEvent busy = event("busy", 1, "one", HashChain.GENESIS);
		this.sequences.accept(busy);
		this.nanos.addAndGet(RoomSequences.IDLE.toNanos() / 2);

		assertThat(this.sequences.accept(event("busy", 2, "two", busy.hash()))).isEqualTo(Verdict.DELIVER);
		assertThat(this.sequences.rooms()).isEqualTo(1);
		assertThat(this.sequences.accept(busy)).isEqualTo(Verdict.REPEAT);
		assertThat(this.sequences.accept(quiet)).as("forgotten, so delivered again").isEqualTo(Verdict.DELIVER);
	}

	@Test
	void knowsTheLastSeqOfEachRoomItRemembers() {
		List<RoomEvent> room = chain("a", 2);
		room.forEach(this.sequences::accept);
		RoomEvent first = room.get(0);
		this.sequences.accept(event("a", 2, "correction", first.hash()));
		this.sequences.accept(first);

		assertThat(this.sequences.lastSeq("a")).isEqualTo(2);
		assertThat(this.sequences.lastSeq("never seen")).isZero();
		this.nanos.addAndGet(RoomSequences.IDLE.toNanos());
		this.sequences.accept(event("b", 1, "one", HashChain.GENESIS));
		assertThat(this.sequences.lastSeq("a")).as("forgotten with its room").isZero();
		assertThat(this.sequences.lastSeq("b")).isEqualTo(1);
	}

	/** Events seq 1..count of a room, each chained to the one before. */
	private static List<RoomEvent> chain(String roomId, int count) {
		List<RoomEvent> events = new ArrayList<>();
		String prevHash = HashChain.GENESIS;
		for (int seq = 1; seq <= count; seq++) {
			RoomEvent event = event(roomId, seq, "n" + seq, prevHash);
			events.add(event);
			prevHash = event.hash();
		}
		return events;
	}

	private static RoomEvent event(String roomId, long seq, String text, String prevHash) {
		RoomEvent unhashed = new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
				RoomEvent.Type.MESSAGE, roomId, seq, UUID.randomUUID().toString(), "user", "User", text,
				Instant.parse("2026-11-27T10:00:00Z"), prevHash, null);
		return unhashed.withIdAndHash(unhashed.eventId(), HashChain.hash(prevHash, unhashed));
	}

}
