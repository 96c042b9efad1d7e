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
		RoomEvent third = events.get(2);
		events.set(2, new RoomEvent(1, third.eventId(), third.occurredAt(), third.type(), "r", 3, third.messageId(),
				third.senderId(), third.senderName(), "altered", third.sentAt(), third.prevHash(), third.hash()));
		ChainVerification result = ChainVerification.of("r", events);
		assertThat(result.valid()).isFalse();
		assertThat(result.firstBrokenSeq()).isEqualTo(3);
		assertThat(result.problem()).contains("hash");
	}

	@Test
	void checksAMessageChangedByAnEditOrDeletionForItsLinksOnly() {
		List<RoomEvent> events = chain(5);
		RoomEvent third = events.get(2);
		events.set(2, new RoomEvent(1, third.eventId(), third.occurredAt(), third.type(), "r", 3, third.messageId(),
				third.senderId(), third.senderName(), "edited", third.sentAt(), third.prevHash(), third.hash()));
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
