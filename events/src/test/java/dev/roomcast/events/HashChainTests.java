package dev.roomcast.events;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HashChainTests {

	private static final Instant SENT = Instant.parse("2026-11-27T08:00:00Z");

	@Test
	void chainsEachEventToThePreviousOne() {
		RoomEvent first = hashed(event(1, "hello", HashChain.GENESIS));
		RoomEvent second = hashed(event(2, "again", first.hash()));
		assertThat(HashChain.verifies(first)).isTrue();
		assertThat(HashChain.verifies(second)).isTrue();
		assertThat(second.hash()).isNotEqualTo(first.hash()).hasSize(64);
	}

	@Test
	void alteredTextNoLongerVerifies() {
		RoomEvent event = hashed(event(1, "hello", HashChain.GENESIS));
		RoomEvent altered = new RoomEvent(1, event.eventId(), event.occurredAt(), event.type(), event.roomId(),
				event.seq(), event.messageId(), event.senderId(), event.senderName(), "hell0", event.sentAt(),
				event.prevHash(), event.hash());
		assertThat(HashChain.verifies(altered)).isFalse();
	}

	@Test
	void fieldBoundariesAreUnambiguous() {
		RoomEvent a = new RoomEvent(1, "e", SENT, RoomEvent.Type.MESSAGE, "r", 1, "m", "u", "ab", "c", SENT,
				HashChain.GENESIS, null);
		RoomEvent b = new RoomEvent(1, "e", SENT, RoomEvent.Type.MESSAGE, "r", 1, "m", "u", "a", "bc", SENT,
				HashChain.GENESIS, null);
		assertThat(HashChain.hash(HashChain.GENESIS, a)).isNotEqualTo(HashChain.hash(HashChain.GENESIS, b));
	}

	private static RoomEvent event(long seq, String text, String prevHash) {
		return new RoomEvent(1, "e-" + seq, SENT, RoomEvent.Type.MESSAGE, "r-1", seq, "m-" + seq, "u-1", "Ada", text,
				SENT, prevHash, null);
	}

	private static RoomEvent hashed(RoomEvent e) {
		return new RoomEvent(e.schemaVersion(), e.eventId(), e.occurredAt(), e.type(), e.roomId(), e.seq(),
				e.messageId(), e.senderId(), e.senderName(), e.text(), e.sentAt(), e.prevHash(),
				HashChain.hash(e.prevHash(), e));
	}

}
