package dev.roomcast.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

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

	@Test
	void aMessageHashesAsInVersionOneWhateverItsSchemaVersion() {
		RoomEvent v1 = event(1, "hello", HashChain.GENESIS);
		RoomEvent v2 = new RoomEvent(2, "other", SENT, RoomEvent.Type.MESSAGE, "r-1", 1, "m-1", "u-1", "Ada", "hello",
				SENT, HashChain.GENESIS, null, null, null);
		assertThat(HashChain.hash(HashChain.GENESIS, v2)).isEqualTo(HashChain.hash(HashChain.GENESIS, v1));
	}

	@Test
	void aMembershipEventsMemberIsPartOfItsHash() {
		RoomEvent added = membership(RoomEvent.Type.MEMBER_ADDED, "u-2", "Bob");
		RoomEvent addedSomeoneElse = membership(RoomEvent.Type.MEMBER_ADDED, "u-3", "Bob");
		RoomEvent renamed = membership(RoomEvent.Type.MEMBER_ADDED, "u-2", "Eve");
		RoomEvent removed = membership(RoomEvent.Type.MEMBER_REMOVED, "u-2", "Bob");
		String hash = HashChain.hash(HashChain.GENESIS, added);
		assertThat(hash).isNotEqualTo(HashChain.hash(HashChain.GENESIS, addedSomeoneElse))
			.isNotEqualTo(HashChain.hash(HashChain.GENESIS, renamed))
			.isNotEqualTo(HashChain.hash(HashChain.GENESIS, removed));
		assertThat(HashChain.verifies(added.withIdAndHash("e", hash))).isTrue();
	}

	@Test
	void anEditsTargetIsPartOfItsHash() {
		RoomEvent edit = change(RoomEvent.Type.EDIT, "fixed", 3L);
		String hash = HashChain.hash(HashChain.GENESIS, edit);
		assertThat(hash).isNotEqualTo(HashChain.hash(HashChain.GENESIS, change(RoomEvent.Type.EDIT, "fixed", 4L)))
			.isNotEqualTo(HashChain.hash(HashChain.GENESIS, change(RoomEvent.Type.EDIT, "fixed!", 3L)))
			.isNotEqualTo(HashChain.hash(HashChain.GENESIS, change(RoomEvent.Type.DELETE, "fixed", 3L)));
		assertThat(HashChain.verifies(edit.withIdAndHash("e", hash))).isTrue();
	}

	@Test
	void aMessageWithATargetSeqHashesAsBefore() {
		RoomEvent v1 = event(1, "hello", HashChain.GENESIS);
		RoomEvent v3 = new RoomEvent(3, "other", SENT, RoomEvent.Type.MESSAGE, "r-1", 1, "m-1", "u-1", "Ada", "hello",
				SENT, HashChain.GENESIS, null, null, null, 9L);
		assertThat(HashChain.hash(HashChain.GENESIS, v3)).isEqualTo(HashChain.hash(HashChain.GENESIS, v1));
	}

	@Test
	void hashesTheBytesOfTheCanonicalFormBuiltAsOneString() throws Exception {
		List<String> texts = Arrays.asList(null, "", "hello", "grüße, 日本語", "emoji \uD83D\uDE00 here", "lone \uD83D",
				"\uDE00 lone low", "\u0000\n12:fake", "x".repeat(5000));
		List<Instant> times = Arrays.asList(null, SENT, Instant.parse("2026-11-27T08:00:00.100Z"),
				Instant.parse("2026-11-27T08:00:00.123456Z"), Instant.parse("2026-11-27T08:00:00.123456789Z"),
				Instant.parse("2026-11-27T08:00:00.000001Z"), Instant.parse("0500-01-01T00:00:00.5Z"),
				Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
				Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"), Instant.EPOCH,
				Instant.MIN, Instant.MAX);
		Random random = new Random(13);
		for (RoomEvent.Type type : RoomEvent.Type.values()) {
			for (String text : texts) {
				for (Instant sentAt : times) {
					long seq = switch (random.nextInt(3)) {
						case 0 -> random.nextInt(1000);
						case 1 -> random.nextLong();
						default -> Long.MIN_VALUE;
					};
					RoomEvent event = new RoomEvent(3, "e", SENT, type, "r-ü", seq, text, "u-1", text, text, sentAt,
							"ab".repeat(32), null, text, "Bob", (random.nextBoolean()) ? null : random.nextLong());
					String expected = referenceHash(event.prevHash(), event);
					assertThat(HashChain.hash(event.prevHash(), event)).isEqualTo(expected);
					assertThat(HashChain.verifies(event.withIdAndHash("e", expected))).isTrue();
					assertThat(HashChain.verifies(event.withIdAndHash("e", expected.toUpperCase(Locale.ROOT))))
						.isEqualTo(expected.equals(expected.toUpperCase(Locale.ROOT)));
					assertThat(HashChain.verifies(event.withIdAndHash("e", expected.substring(1)))).isFalse();
					assertThat(HashChain.verifies(event.withIdAndHash("e", null))).isFalse();
				}
			}
		}
	}

	/** The canonical form as first written: the whole form as one string, then UTF-8. */
	private static String referenceHash(String prevHash, RoomEvent event) throws Exception {
		StringBuilder canonical = new StringBuilder(prevHash);
		List<String> fields = new ArrayList<>(Arrays.asList(event.type().name(), event.roomId(),
				Long.toString(event.seq()), event.messageId(), event.senderId(), event.senderName(), event.text(),
				(event.sentAt() != null) ? event.sentAt().toString() : null));
		if (event.type().isMembership()) {
			fields.add(event.memberId());
			fields.add(event.memberName());
		}
		if (event.type().changesMessage()) {
			fields.add((event.targetSeq() != null) ? event.targetSeq().toString() : null);
		}
		for (String field : fields) {
			String value = (field != null) ? field : "";
			canonical.append('\n').append(value.length()).append(':').append(value);
		}
		return HexFormat.of()
			.formatHex(
					MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
	}

	private static RoomEvent change(RoomEvent.Type type, String text, Long targetSeq) {
		return new RoomEvent(3, "e", SENT, type, "r-1", 5, "c-1", "u-1", "Ada", text, SENT, HashChain.GENESIS, null,
				null, null, targetSeq);
	}

	private static RoomEvent membership(RoomEvent.Type type, String memberId, String memberName) {
		return new RoomEvent(2, "e", SENT, type, "r-1", 2, "c-1", "u-1", "Ada", null, SENT, HashChain.GENESIS, null,
				memberId, memberName);
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
