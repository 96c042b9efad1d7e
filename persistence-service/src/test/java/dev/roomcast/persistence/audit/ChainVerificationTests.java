package dev.roomcast.persistence.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChainVerificationTests {

	@Test
	void anIntactChainIsValid() {
		ChainVerification result = ChainVerification.of("r", chain(5));
		assertThat(result.valid()).isTrue();
		assertThat(result.messages()).isEqualTo(5);
		assertThat(result.lastSeq()).isEqualTo(5);
		assertThat(result.firstBrokenSeq()).isNull();
	}

	@Test
	void anEmptyRoomIsValid() {
		assertThat(ChainVerification.of("r", List.of()).valid()).isTrue();
	}

	@Test
	void findsAnAlteredText() {
		List<RoomEvent> events = chain(5);
		events.set(2, withStoredText(events.get(2), "altered"));
		ChainVerification result = ChainVerification.of("r", events);
		assertThat(result.valid()).isFalse();
		assertThat(result.firstBrokenSeq()).isEqualTo(3);
		assertThat(result.problem()).contains("hash");
	}

	@Test
	void checksAMessageChangedByAnEditOrDeletionForItsLinksOnly() {
		List<RoomEvent> events = chain(5);
		events.set(2, withStoredText(events.get(2), "edited"));
		assertThat(ChainVerification.of("r", events, java.util.Set.of(3L)).valid()).isTrue();
		assertThat(ChainVerification.of("r", events, java.util.Set.of(4L)).valid()).isFalse();
	}

	@Test
	void findsADeletedMessage() {
		List<RoomEvent> events = chain(5);
		events.remove(1);
		ChainVerification result = ChainVerification.of("r", events);
		assertThat(result.valid()).isFalse();
		assertThat(result.firstBrokenSeq()).isEqualTo(2);
		assertThat(result.problem()).contains("missing");
	}

	/** The event with another text but its old hash, as a changed stored message is. */
	private static RoomEvent withStoredText(RoomEvent event, String text) {
		return new RoomEvent(event.schemaVersion(), event.eventId(), event.occurredAt(), event.type(), event.roomId(),
				event.seq(), event.messageId(), event.senderId(), event.senderName(), text, event.sentAt(),
				event.prevHash(), event.hash());
	}

	private static List<RoomEvent> chain(int count) {
		List<RoomEvent> events = new ArrayList<>();
		String prev = HashChain.GENESIS;
		for (int seq = 1; seq <= count; seq++) {
			RoomEvent unhashed = new RoomEvent(1, "e" + seq, Instant.EPOCH, RoomEvent.Type.MESSAGE, "r", seq, "m" + seq,
					"u", "U", "text " + seq, Instant.EPOCH.plusSeconds(seq), prev, null);
			String hash = HashChain.hash(prev, unhashed);
			events.add(new RoomEvent(1, "e" + seq, Instant.EPOCH, RoomEvent.Type.MESSAGE, "r", seq, "m" + seq, "u", "U",
					"text " + seq, unhashed.sentAt(), prev, hash));
			prev = hash;
		}
		return events;
	}

}
