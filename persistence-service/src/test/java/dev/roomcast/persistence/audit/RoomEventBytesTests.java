package dev.roomcast.persistence.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RoomEventBytesTests {

	private static final EventSerde<RoomEvent> EVENTS = EventSerde.of(RoomEvent.class);

	private static final Instant SENT = Instant.parse("2026-11-27T08:00:00.123456Z");

	private static final String PREV = "ab".repeat(32);

	/** A message as chat-service writes it, hashed. */
	private static final String MESSAGE = json(event(RoomEvent.Type.MESSAGE, "hello", SENT));

	@Test
	void readsEveryTypeAsTheMapperDoesAndVerifiesItsHash() {
		for (RoomEvent.Type type : RoomEvent.Type.values()) {
			RoomEvent event = event(type, (type == RoomEvent.Type.DELETE) ? null : "hello", SENT);
			byte[] json = EVENTS.serialize(Topics.CHAT_ROOM_EVENTS, event);
			RoomEventBytes bytes = RoomEventBytes.scan(json);
			assertThat(bytes).as(type.name()).isNotNull();
			assertThat(bytes.toEvent()).isEqualTo(event);
			assertThat(bytes.type()).isEqualTo(type);
			assertThat(bytes.seq()).isEqualTo(7);
			assertThat(bytes.roomId()).isEqualTo("r-1");
			assertThat(bytes.verifies()).isTrue();
			assertThat(bytes.prevHashIs(PREV.getBytes(StandardCharsets.US_ASCII))).isTrue();
			assertThat(bytes.prevHashIs(HashChain.GENESIS.getBytes(StandardCharsets.US_ASCII))).isFalse();
			assertThat(bytes.hashIs(event.hash())).isTrue();
			assertThat(bytes.hashIs(PREV)).isFalse();
			byte[] hash = new byte[64];
			bytes.copyHash(hash);
			assertThat(new String(hash, StandardCharsets.US_ASCII)).isEqualTo(event.hash());
		}
	}

	@Test
	void aChangedFieldOrHashDoesNotVerify() {
		for (RoomEvent.Type type : RoomEvent.Type.values()) {
			RoomEvent event = event(type, "hello", SENT);
			RoomEvent[] forged = { withText(event, "hellO"), event.withIdAndHash("e-1", PREV),
					event.withIdAndHash("e-1", event.hash().toUpperCase(java.util.Locale.ROOT)),
					event.withIdAndHash("e-1", event.hash().substring(1)),
					new RoomEvent(3, "e-1", SENT, type, "r-1", 8, "m-1", "u-1", "Ada", "hello", SENT, PREV,
							event.hash(), event.memberId(), event.memberName(), event.targetSeq()),
					new RoomEvent(3, "e-1", SENT, type, "r-1", 7, "m-1", "u-1", "Ada", "hello", SENT, HashChain.GENESIS,
							event.hash(), event.memberId(), event.memberName(), event.targetSeq()),
					new RoomEvent(3, "e-1", SENT, type, "r-1", 7, "m-1", "u-1", "Ada", "hello", SENT.plusNanos(1000),
							PREV, event.hash(), event.memberId(), event.memberName(), event.targetSeq()) };
			for (RoomEvent each : forged) {
				RoomEventBytes bytes = RoomEventBytes.scan(EVENTS.serialize(Topics.CHAT_ROOM_EVENTS, each));
				assertThat(bytes).isNotNull();
				assertThat(bytes.verifies()).as(each.toString()).isFalse();
			}
		}
	}

	@Test
	void readsTextsInAnyLanguageAsTheMapperDoes() {
		for (String text : List.of("", "grüße, 日本語", "emoji \uD83D\uDE00 and \uD800\uDC00 and \uDBFF\uDFFF",
				"\u0080\u07FF\u0800\uFFFF", "x".repeat(5000), "12:fake\u00A0")) {
			for (RoomEvent.Type type : RoomEvent.Type.values()) {
				RoomEvent event = event(type, text, SENT);
				RoomEventBytes bytes = RoomEventBytes.scan(EVENTS.serialize(Topics.CHAT_ROOM_EVENTS, event));
				assertThat(bytes).as(text).isNotNull();
				assertThat(bytes.toEvent()).isEqualTo(event);
				assertThat(bytes.verifies()).isTrue();
			}
		}
	}

	@Test
	void readsTimesAsTheMapperDoesAndHashesOnlyTheirCanonicalForm() {
		for (String sentAt : List.of("2026-11-27T08:00:00Z", "2026-11-27T08:00:00.100Z", "2026-11-27T08:00:00.000001Z",
				"2026-11-27T08:00:00.123456789Z", "2024-02-29T23:59:59.999Z", "0000-01-01T00:00:00Z",
				"9999-12-31T23:59:59.999999999Z")) {
			RoomEvent event = event(RoomEvent.Type.MESSAGE, "hello", Instant.parse(sentAt));
			String json = json(event);
			assertThat(json).contains("\"sentAt\":\"" + sentAt + "\"");
			RoomEventBytes bytes = RoomEventBytes.scan(json.getBytes(StandardCharsets.UTF_8));
			assertThat(bytes).as(sentAt).isNotNull();
			assertThat(bytes.toEvent()).isEqualTo(event);
			assertThat(bytes.verifies()).isTrue();
		}
		// the same instants written otherwise: the hash is of Instant.toString's form
		for (String sentAt : List.of("2026-11-27T08:00:00.1Z", "2026-11-27T08:00:00.000Z",
				"2026-11-27T08:00:00.123000Z", "2026-11-27T08:00:00.1234Z")) {
			String json = MESSAGE.replace(SENT.toString() + "\",\"prevHash\"", sentAt + "\",\"prevHash\"");
			assertThat(json).contains(sentAt);
			assertThat(RoomEventBytes.scan(json.getBytes(StandardCharsets.UTF_8))).as(sentAt).isNull();
		}
	}

	@Test
	void readsOtherSpacingOrderAndUnknownOrMissingOptionalFields() {
		RoomEvent event = event(RoomEvent.Type.MESSAGE, "hello", SENT);
		String[] forms = { MESSAGE.replace(",\"", ",\n  \"").replace("{", "{ \r\n\t").replace("}", " \n}\n"),
				MESSAGE.replace("{", "{\"later\":\"x\",\"version\":12,\"flag\":true,\"off\":false,\"none\":null,"),
				MESSAGE.replace("}", ",\"zero\":0,\"word\":\"ü\"}"),
				"{" + MESSAGE.substring(MESSAGE.indexOf("\"type\"")).replace("}", ",")
						+ MESSAGE.substring(1, MESSAGE.indexOf("\"type\"") - 1) + "}" };
		for (String form : forms) {
			byte[] json = form.getBytes(StandardCharsets.UTF_8);
			RoomEventBytes bytes = RoomEventBytes.scan(json);
			assertThat(bytes).as(form).isNotNull();
			assertThat(bytes.toEvent()).isEqualTo(EVENTS.deserialize(Topics.CHAT_ROOM_EVENTS, json)).isEqualTo(event);
			assertThat(bytes.verifies()).isTrue();
		}
		String without = "{\"type\":\"MESSAGE\",\"roomId\":\"r-1\",\"seq\":7,\"sentAt\":\"" + SENT
				+ "\",\"prevHash\":\"" + PREV + "\",\"hash\":\"" + PREV + "\"}";
		agreesWithTheMapper(without.getBytes(StandardCharsets.UTF_8), true);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"text\":\"hello\"", "\"seq\":7", "\"type\":\"MESSAGE\"", "\"roomId\":\"r-1\"",
			"\"prevHash\":\"" + "ab", "\"sentAt\":\"2026", "\"hash\":\"" })
	void leavesARecordWithoutARequiredFieldOrWithAnEscapeToTheMapper(String part) {
		String json = MESSAGE;
		int at = json.indexOf(part);
		assertThat(at).isPositive();
		int end = json.indexOf(',', at + part.length());
		String withoutField = json.substring(0, at) + json.substring(end + 1);
		String withNull = json.substring(0, at + part.indexOf(':') + 1) + "null" + json.substring(end);
		String escaped = json.substring(0, at + part.indexOf(':') + 2) + "\\u0061"
				+ json.substring(at + part.indexOf(':') + 2);
		// only the text may be left out or null
		boolean optional = part.startsWith("\"text\"");
		agreesWithTheMapper(withoutField.getBytes(StandardCharsets.UTF_8), optional);
		agreesWithTheMapper(withNull.getBytes(StandardCharsets.UTF_8), optional);
		agreesWithTheMapper(escaped.getBytes(StandardCharsets.UTF_8), false);
	}

	@ParameterizedTest
	@ValueSource(strings = { "line\nbreak", "a \"quote\"", "back\\slash", "tab\t", "\u0001" })
	void leavesEscapedTextToTheMapperWithTheSameVerdict(String text) {
		RoomEvent event = event(RoomEvent.Type.MESSAGE, text, SENT);
		byte[] json = EVENTS.serialize(Topics.CHAT_ROOM_EVENTS, event);
		assertThat(RoomEventBytes.scan(json)).isNull();
		LoggedEvent logged = LoggedEvent.read(Topics.CHAT_ROOM_EVENTS, json, null);
		assertThat(logged.event()).isEqualTo(EVENTS.deserialize(Topics.CHAT_ROOM_EVENTS, json));
		assertThat(logged.hashMatches()).isEqualTo(HashChain.verifies(logged.event()));
		assertThat(logged.linksTo(PREV.getBytes(StandardCharsets.US_ASCII))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"seq\":7,\"seq\":8", "\"seq\":07", "\"seq\":-7", "\"seq\":7.0", "\"seq\":7e0",
			"\"seq\":\"7\"", "\"seq\":99999999999999999999", "\"schemaVersion\":3000000000", "\"text\":12",
			"\"text\":true", "\"type\":\"message\"", "\"type\":\"SHOUTED\"", "\"type\":0", "\"other\":{\"a\":1}",
			"\"other\":[1]", "\"other\":1.5", "\"other\":-1", "\"other\":tru", "\"other\":nul", "\"text\":nullx",
			"\"occurredAt\":\"2026-02-30T08:00:00Z\"", "\"occurredAt\":\"2026-11-27T24:00:00Z\"",
			"\"occurredAt\":\"2026-11-27T08:00:60Z\"", "\"occurredAt\":\"2026-11-27T08:00:00.Z\"",
			"\"occurredAt\":\"2026-11-27 08:00:00Z\"", "\"occurredAt\":\"2026-11-27T08:00:00+01:00\"",
			"\"occurredAt\":\"+12026-11-27T08:00:00Z\"", "\"occurredAt\":12", "\"sentAt\":\"2026-13-01T08:00:00Z\"",
			"\"text\":\"\u0000\"", "\"text\":\"x\"\"", "\"text\":\"lone \\ud83d\"", "\"text\":\"x\"}" })
	void leavesMalformedOrUnusualInputToTheMapper(String part) {
		agreesWithTheMapper(with(part).getBytes(StandardCharsets.UTF_8), false);
	}

	@Test
	void leavesMalformedOrUnusualObjectsToTheMapper() {
		for (String json : List.of("{", "", "null", "[]", "{}", "{\"seq\":7}", MESSAGE + " trailing", MESSAGE + "{}",
				MESSAGE.replace("}", ",}"), MESSAGE.replace("\"text\"", "\"te\\u0078t\""),
				MESSAGE.replace("\"text\"", "\"te\\\"xt\""), MESSAGE.replace(",", ",,"), MESSAGE.replace(":", " "),
				MESSAGE.substring(0, MESSAGE.length() - 1), "\uFEFF" + MESSAGE)) {
			agreesWithTheMapper(json.getBytes(StandardCharsets.UTF_8), false);
		}
		agreesWithTheMapper(MESSAGE.replace("}", "} \n").getBytes(StandardCharsets.UTF_8), true);
	}

	/**
	 * The message with one field's name and value replaced by {@code part}, or with
	 * {@code part} added first if it has no such field.
	 */
	private static String with(String part) {
		String name = part.substring(0, part.indexOf(':') + 1);
		int at = MESSAGE.indexOf(name);
		if (at < 0) {
			return MESSAGE.replace("{", "{" + part + ",");
		}
		int end = MESSAGE.indexOf(",\"", at);
		return MESSAGE.substring(0, at) + part + MESSAGE.substring(end);
	}

	@Test
	void leavesBytesThatAreNotStrictlyUtf8ToTheMapper() {
		byte[][] invalid = { { (byte) 0xc0, (byte) 0xaf }, { (byte) 0xe0, (byte) 0x80, (byte) 0xaf },
				{ (byte) 0xed, (byte) 0xa0, (byte) 0x80 }, { (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80 },
				{ (byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { (byte) 0x80 }, { (byte) 0xc3 },
				{ (byte) 0xe6, (byte) 0x97 }, { (byte) 0xff } };
		byte[] message = MESSAGE.getBytes(StandardCharsets.UTF_8);
		int text = MESSAGE.indexOf("hello");
		for (byte[] sequence : invalid) {
			byte[] json = new byte[message.length + sequence.length];
			System.arraycopy(message, 0, json, 0, text);
			System.arraycopy(sequence, 0, json, text, sequence.length);
			System.arraycopy(message, text, json, text + sequence.length, message.length - text);
			agreesWithTheMapper(json, false);
		}
	}

	@Test
	void neverReadsOtherwiseThanTheMapperOnRandomAndDamagedEvents() {
		Random random = new Random(13);
		String alphabet = "abc XYZ019:\"\\\n\t\u0001éü日本\uD83D\uDE00{}[],";
		byte[] noise = { '"', '\\', '{', '}', ':', ',', '0', '9', '-', '.', 'e', ' ', 'n', 0, (byte) 0x80, (byte) 0xc3,
				(byte) 0xed, (byte) 0xf4, (byte) 0xff, 'a' };
		RoomEvent.Type[] types = RoomEvent.Type.values();
		int read = 0;
		int refused = 0;
		for (int n = 0; n < 3000; n++) {
			StringBuilder text = new StringBuilder();
			for (int i = random.nextInt(12); i > 0; i--) {
				int at = random.nextInt(alphabet.length());
				text.append(Character.isHighSurrogate(alphabet.charAt(at)) ? alphabet.substring(at, at + 2)
						: Character.isLowSurrogate(alphabet.charAt(at)) ? "x" : alphabet.charAt(at));
			}
			Instant sentAt = SENT.plusNanos(switch (random.nextInt(4)) {
				case 0 -> 0;
				case 1 -> random.nextInt(1000) * 1_000_000L;
				case 2 -> random.nextInt(1_000_000) * 1_000L;
				default -> random.nextInt(1_000_000_000);
			});
			RoomEvent.Type type = types[random.nextInt(types.length)];
			RoomEvent unhashed = new RoomEvent(3, "e-" + n, SENT, type, "r-" + random.nextInt(3),
					random.nextInt(1_000_000), "m-" + n, "u-1", "Ada " + text, text.toString(), sentAt, PREV, null,
					type.isMembership() ? "u-2" : null, type.isMembership() ? text.toString() : null,
					type.changesMessage() ? (Long) (long) random.nextInt(100) : null);
			String hash = random.nextBoolean() ? HashChain.hash(PREV, unhashed)
					: HashChain.hash(HashChain.GENESIS, unhashed);
			byte[] json = EVENTS.serialize(Topics.CHAT_ROOM_EVENTS, unhashed.withIdAndHash("e-" + n, hash));
			boolean escaped = new String(json, StandardCharsets.UTF_8).contains("\\");
			agreesWithTheMapper(json, !escaped);
			for (int m = 0; m < 5; m++) {
				byte[] damaged = damage(json, random, noise);
				if (agreesWithTheMapper(damaged, null)) {
					read++;
				}
				else {
					refused++;
				}
			}
		}
		// the damage both kept and broke the usual form often enough for this to test
		// both
		assertThat(read).isGreaterThan(1000);
		assertThat(refused).isGreaterThan(1000);
	}

	private static byte[] damage(byte[] json, Random random, byte[] noise) {
		int at = random.nextInt(json.length);
		return switch (random.nextInt(3)) {
			case 0 -> {
				byte[] copy = json.clone();
				copy[at] = noise[random.nextInt(noise.length)];
				yield copy;
			}
			case 1 -> {
				byte[] copy = new byte[json.length - 1];
				System.arraycopy(json, 0, copy, 0, at);
				System.arraycopy(json, at + 1, copy, at, json.length - at - 1);
				yield copy;
			}
			default -> {
				byte[] copy = new byte[json.length + 1];
				System.arraycopy(json, 0, copy, 0, at);
				copy[at] = noise[random.nextInt(noise.length)];
				System.arraycopy(json, at, copy, at + 1, json.length - at);
				yield copy;
			}
		};
	}

	/**
	 * Checks that whatever the bytes reader reads, the mapper reads the same and the hash
	 * verdict is {@link HashChain#verifies}'s.
	 * @param read whether the bytes reader must read it, or {@code null} for either
	 * @return whether it read it
	 */
	private static boolean agreesWithTheMapper(byte[] json, Boolean read) {
		RoomEventBytes bytes = RoomEventBytes.scan(json);
		String shown = new String(json, StandardCharsets.UTF_8);
		if (read != null) {
			assertThat(bytes != null).as(shown).isEqualTo(read);
		}
		if (bytes == null) {
			return false;
		}
		RoomEvent event = EVENTS.deserialize(Topics.CHAT_ROOM_EVENTS, json);
		assertThat(bytes.toEvent()).as(shown).isEqualTo(event);
		assertThat(bytes.type()).isEqualTo(event.type());
		assertThat(bytes.seq()).isEqualTo(event.seq());
		assertThat(bytes.roomId()).isEqualTo(event.roomId());
		assertThat(bytes.verifies()).as(shown).isEqualTo(HashChain.verifies(event));
		assertThat(bytes.prevHashIs(PREV.getBytes(StandardCharsets.US_ASCII))).isEqualTo(PREV.equals(event.prevHash()));
		return true;
	}

	private static RoomEvent event(RoomEvent.Type type, String text, Instant sentAt) {
		RoomEvent unhashed = new RoomEvent(3, "e-1", SENT, type, "r-1", 7, "m-1", "u-1", "Ada", text, sentAt, PREV,
				null, type.isMembership() ? "u-2" : null, type.isMembership() ? "Bob ü" : null,
				type.changesMessage() ? 3L : null);
		return unhashed.withIdAndHash("e-1", HashChain.hash(PREV, unhashed));
	}

	private static RoomEvent withText(RoomEvent event, String text) {
		return new RoomEvent(event.schemaVersion(), event.eventId(), event.occurredAt(), event.type(), event.roomId(),
				event.seq(), event.messageId(), event.senderId(), event.senderName(), text, event.sentAt(),
				event.prevHash(), event.hash(), event.memberId(), event.memberName(), event.targetSeq());
	}

	private static String json(RoomEvent event) {
		return new String(EVENTS.serialize(Topics.CHAT_ROOM_EVENTS, event), StandardCharsets.UTF_8);
	}

}
