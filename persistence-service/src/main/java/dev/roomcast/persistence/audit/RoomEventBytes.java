package dev.roomcast.persistence.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;

/**
 * A room event's fields as slices of its JSON bytes, for a replay that checks every event
 * of a long log: the chain check reads the seq, compares the hashes and recomputes the
 * hash straight from the bytes, so an event costs no {@code String} per field (decoding
 * and hashing were most of a replay's CPU). The full {@link RoomEvent} is made only when
 * it is asked for.
 *
 * <p>
 * {@link #scan} reads only the form chat-service writes, and only what it can read
 * exactly as the mapper would: one object, each field once; strings without escapes in
 * strictly valid UTF-8; integers without sign, fraction or leading zero; times in the
 * form {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} with a valid date; unknown fields with a
 * string, integer, {@code true}, {@code false} or {@code null} value. The type, roomId,
 * seq, sentAt, prevHash and hash must be there and not {@code null}, and sentAt must be
 * written as {@link Instant#toString()} writes it (its text is hashed as it stands).
 * Anything else is not read ({@code null}), and the caller decodes it the usual way: so a
 * forged or unusual record gets the mapper's verdict, never a shortcut's.
 *
 * <p>
 * The hash is {@link HashChain}'s canonical form (prevHash, then per field a line feed,
 * its length in UTF-16 chars, a colon and its UTF-8 bytes): for strings without escapes
 * in strictly valid UTF-8 those bytes are the JSON's own. The types it knows are the ones
 * whose canonical fields are listed here; another type is not read.
 */
final class RoomEventBytes {

	private static final int SCHEMA_VERSION = 0;

	private static final int EVENT_ID = 1;

	private static final int OCCURRED_AT = 2;

	private static final int TYPE = 3;

	private static final int ROOM_ID = 4;

	private static final int SEQ = 5;

	private static final int MESSAGE_ID = 6;

	private static final int SENDER_ID = 7;

	private static final int SENDER_NAME = 8;

	private static final int TEXT = 9;

	private static final int SENT_AT = 10;

	private static final int PREV_HASH = 11;

	private static final int HASH = 12;

	private static final int MEMBER_ID = 13;

	private static final int MEMBER_NAME = 14;

	private static final int TARGET_SEQ = 15;

	private static final byte[][] NAMES = names("schemaVersion", "eventId", "occurredAt", "type", "roomId", "seq",
			"messageId", "senderId", "senderName", "text", "sentAt", "prevHash", "hash", "memberId", "memberName",
			"targetSeq");

	/** The names each followed by its closing quote and a colon. */
	private static final byte[][] NAMES_AND_COLONS = withColons(NAMES);

	/** The fields whose value is an integer; the others are strings. */
	private static final int NUMBERS = (1 << SCHEMA_VERSION) | (1 << SEQ) | (1 << TARGET_SEQ);

	private static final int REQUIRED = (1 << TYPE) | (1 << ROOM_ID) | (1 << SEQ) | (1 << SENT_AT) | (1 << PREV_HASH)
			| (1 << HASH);

	private static final RoomEvent.Type[] TYPES = RoomEvent.Type.values();

	private static final byte[][] TYPE_NAMES = typeNames();

	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final int[] NANOS_SCALE = { 0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10,
			1 };

	/**
	 * The bytes that stand for themselves in a JSON string: ASCII but controls, quote and
	 * backslash.
	 */
	private static final boolean[] PLAIN = plain();

	private static final ThreadLocal<Hasher> HASHERS = ThreadLocal.withInitial(Hasher::new);

	/**
	 * Longer records go to the mapper, whose limits (string and name lengths) are far
	 * above this: a room event is a few hundred bytes, a message at most some thousands.
	 */
	private static final int MAX_LENGTH = 1 << 20;

	private static final int MAX_NAME_LENGTH = 256;

	private static final int ABSENT = -1;

	private static final int NULL = -2;

	private final byte[] json;

	/**
	 * Per field: the start of its value (of a string's content), {@link #ABSENT} or
	 * {@link #NULL}; the end; for strings the length in UTF-16 chars.
	 */
	private final int[] slices = new int[3 * NAMES.length];

	private RoomEvent.Type type;

	private long seq;

	/** The fields that are {@code null}. */
	private int nulls;

	/** The length in UTF-16 chars of the string {@link #stringEnd} read last. */
	private int chars;

	private RoomEventBytes(byte[] json) {
		this.json = json;
	}

	/**
	 * Reads an event in the usual form.
	 * @param json a record's value
	 * @return the event, or {@code null} when it is not in the form read here (the mapper
	 * has to decide)
	 */
	static RoomEventBytes scan(byte[] json) {
		if (json == null) {
			return null;
		}
		RoomEventBytes event = new RoomEventBytes(json);
		return event.scan() ? event : null;
	}

	/** The room, as a string. */
	String roomId() {
		return string(ROOM_ID);
	}

	RoomEvent.Type type() {
		return this.type;
	}

	long seq() {
		return this.seq;
	}

	/**
	 * Whether the prevHash is these bytes.
	 * @param hash a previous hash in ASCII
	 */
	boolean prevHashIs(byte[] hash) {
		return equals(PREV_HASH, hash);
	}

	/** Whether the hash is this string. */
	boolean hashIs(String hash) {
		int start = this.slices[3 * HASH];
		int end = this.slices[3 * HASH + 1];
		if (hash.length() != end - start) {
			return false;
		}
		for (int i = start; i < end; i++) {
			if (this.json[i] != hash.charAt(i - start)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Copies the hash, once it {@link #verifies() verifies}: 64 hex digits.
	 * @param into where to
	 */
	void copyHash(byte[] into) {
		System.arraycopy(this.json, this.slices[3 * HASH], into, 0, into.length);
	}

	/**
	 * Whether the hash is {@link HashChain#hash} of the fields and the prevHash, as
	 * {@link HashChain#verifies} says of the event {@link #toEvent()} makes.
	 */
	boolean verifies() {
		Hasher hasher = HASHERS.get();
		hasher.start();
		hasher.bytes(this.json, this.slices[3 * PREV_HASH], this.slices[3 * PREV_HASH + 1]);
		byte[] typeName = TYPE_NAMES[this.type.ordinal()];
		hasher.field(typeName, 0, typeName.length, typeName.length);
		field(hasher, ROOM_ID);
		field(hasher, SEQ);
		field(hasher, MESSAGE_ID);
		field(hasher, SENDER_ID);
		field(hasher, SENDER_NAME);
		field(hasher, TEXT);
		field(hasher, SENT_AT);
		if (this.type.isMembership()) {
			field(hasher, MEMBER_ID);
			field(hasher, MEMBER_NAME);
		}
		if (this.type.changesMessage()) {
			field(hasher, TARGET_SEQ);
		}
		byte[] digest = hasher.digest();
		int start = this.slices[3 * HASH];
		if (this.slices[3 * HASH + 1] - start != 2 * digest.length) {
			return false;
		}
		for (int i = 0; i < digest.length; i++) {
			if (this.json[start + 2 * i] != HEX[(digest[i] >> 4) & 0xf]
					|| this.json[start + 2 * i + 1] != HEX[digest[i] & 0xf]) {
				return false;
			}
		}
		return true;
	}

	/** The event, as the mapper reads it from the same bytes. */
	RoomEvent toEvent() {
		int targetSeq = 3 * TARGET_SEQ;
		return new RoomEvent(
				(this.slices[3 * SCHEMA_VERSION] >= 0)
						? (int) digits(this.slices[3 * SCHEMA_VERSION], this.slices[3 * SCHEMA_VERSION + 1]) : 0,
				string(EVENT_ID), instant(OCCURRED_AT), this.type, string(ROOM_ID), this.seq, string(MESSAGE_ID),
				string(SENDER_ID), string(SENDER_NAME), string(TEXT), instant(SENT_AT), string(PREV_HASH), string(HASH),
				string(MEMBER_ID), string(MEMBER_NAME),
				(this.slices[targetSeq] >= 0) ? digits(this.slices[targetSeq], this.slices[targetSeq + 1]) : null);
	}

	private void field(Hasher hasher, int field) {
		int start = this.slices[3 * field];
		if (start < 0) {
			hasher.field(this.json, 0, 0, 0);
		}
		else {
			hasher.field(this.json, start, this.slices[3 * field + 1], this.slices[3 * field + 2]);
		}
	}

	private boolean equals(int field, byte[] value) {
		int start = this.slices[3 * field];
		return start >= 0 && this.slices[3 * field + 1] - start == value.length && startsWith(start, value);
	}

	private String string(int field) {
		int start = this.slices[3 * field];
		return (start < 0) ? null
				: new String(this.json, start, this.slices[3 * field + 1] - start, StandardCharsets.UTF_8);
	}

	private Instant instant(int field) {
		int start = this.slices[3 * field];
		if (start < 0) {
			return null;
		}
		int end = this.slices[3 * field + 1];
		long epochDay = LocalDate
			.of((int) digits(start, start + 4), (int) digits(start + 5, start + 7), (int) digits(start + 8, start + 10))
			.toEpochDay();
		long seconds = epochDay * 86_400 + digits(start + 11, start + 13) * 3_600 + digits(start + 14, start + 16) * 60
				+ digits(start + 17, start + 19);
		int fractionDigits = end - start - 21;
		int nanos = (fractionDigits > 0) ? (int) digits(start + 20, end - 1) * NANOS_SCALE[fractionDigits] : 0;
		return Instant.ofEpochSecond(seconds, nanos);
	}

	/** The decimal number of digits in {@code [from, to)}, all of them checked. */
	private long digits(int from, int to) {
		long value = 0;
		for (int i = from; i < to; i++) {
			value = value * 10 + (this.json[i] - '0');
		}
		return value;
	}

	/** Reads the object; false when it is not in the form read here. */
	private boolean scan() {
		byte[] bytes = this.json;
		if (bytes.length > MAX_LENGTH) {
			return false;
		}
		Arrays.fill(this.slices, ABSENT);
		int i = space(0);
		if (i >= bytes.length || bytes[i] != '{') {
			return false;
		}
		int seen = 0;
		int field = -1;
		i = space(i + 1);
		while (true) {
			if (i >= bytes.length || bytes[i] != '"') {
				return false;
			}
			int nameStart = i + 1;
			byte[] expected = (field + 1 < NAMES_AND_COLONS.length) ? NAMES_AND_COLONS[field + 1] : null;
			if (expected != null && startsWith(nameStart, expected)) {
				// the field that usually comes next, and its colon
				field++;
				i = space(nameStart + expected.length);
			}
			else {
				int nameEnd = nameStart;
				while (nameEnd < bytes.length && bytes[nameEnd] != '"') {
					int b = bytes[nameEnd];
					if (b < 0x20 || b == '\\' || nameEnd - nameStart >= MAX_NAME_LENGTH) {
						// control characters, escapes, non-ASCII and long names: the
						// mapper decides
						return false;
					}
					nameEnd++;
				}
				field = field(nameStart, nameEnd);
				i = space(nameEnd + 1);
				if (i >= bytes.length || bytes[i] != ':') {
					return false;
				}
				i = space(i + 1);
			}
			if (i >= bytes.length) {
				return false;
			}
			if (field >= 0) {
				if ((seen & (1 << field)) != 0) {
					return false;
				}
				seen |= 1 << field;
				i = (((NUMBERS >> field) & 1) != 0) ? number(field, i) : string(field, i);
			}
			else {
				i = skipValue(i);
			}
			if (i < 0) {
				return false;
			}
			i = space(i);
			if (i >= bytes.length) {
				return false;
			}
			if (bytes[i] == '}') {
				break;
			}
			if (bytes[i] != ',') {
				return false;
			}
			i = space(i + 1);
		}
		if (space(i + 1) != bytes.length || (seen & REQUIRED) != REQUIRED || (this.nulls & REQUIRED) != 0) {
			return false;
		}
		this.type = readType();
		this.seq = digits(this.slices[3 * SEQ], this.slices[3 * SEQ + 1]);
		return this.type != null && time(SENT_AT, true) && time(OCCURRED_AT, false)
				&& (this.slices[3 * SCHEMA_VERSION] < 0
						|| this.slices[3 * SCHEMA_VERSION + 1] - this.slices[3 * SCHEMA_VERSION] <= 9);
	}

	/** The field's index, -1 for a field the event does not have. */
	private int field(int from, int to) {
		int length = to - from;
		for (int field = 0; field < NAMES.length; field++) {
			byte[] name = NAMES[field];
			if (name.length == length && startsWith(from, name)) {
				return field;
			}
		}
		return -1;
	}

	/**
	 * A string field's value from {@code i}: a string or {@code null}.
	 * @return the index after it, -1 if it is not read here
	 */
	private int string(int field, int i) {
		if (this.json[i] == 'n') {
			return literal(field, i, "null");
		}
		if (this.json[i] != '"') {
			return -1;
		}
		int end = stringEnd(i + 1);
		if (end < 0) {
			return -1;
		}
		this.slices[3 * field] = i + 1;
		this.slices[3 * field + 1] = end;
		this.slices[3 * field + 2] = this.chars;
		return end + 1;
	}

	/**
	 * The closing quote of a string whose content starts at {@code start}, its length in
	 * UTF-16 chars in {@link #chars}; -1 for an escape, a control character or bytes that
	 * are not strictly valid UTF-8.
	 */
	private int stringEnd(int start) {
		byte[] bytes = this.json;
		int chars = 0;
		int j = start;
		while (true) {
			// up to the first byte that is not plain ASCII
			int run = j;
			while (j < bytes.length && PLAIN[bytes[j] & 0xff]) {
				j++;
			}
			chars += j - run;
			if (j >= bytes.length) {
				return -1;
			}
			int b = bytes[j];
			if (b == '"') {
				break;
			}
			if (b >= 0) {
				// a control character or a backslash
				return -1;
			}
			int length = utf8(j);
			if (length < 0) {
				return -1;
			}
			j += length;
			chars += (length == 4) ? 2 : 1;
		}
		this.chars = chars;
		return j;
	}

	/**
	 * The length of the strictly valid UTF-8 sequence at {@code i} (shortest form, no
	 * surrogates, at most U+10FFFF), or -1.
	 */
	private int utf8(int i) {
		byte[] bytes = this.json;
		int b = bytes[i] & 0xff;
		int length;
		int min;
		int code;
		if (b >= 0xc2 && b <= 0xdf) {
			length = 2;
			min = 0x80;
			code = b & 0x1f;
		}
		else if (b >= 0xe0 && b <= 0xef) {
			length = 3;
			min = 0x800;
			code = b & 0x0f;
		}
		else if (b >= 0xf0 && b <= 0xf4) {
			length = 4;
			min = 0x10000;
			code = b & 0x07;
		}
		else {
			return -1;
		}
		if (i + length > bytes.length) {
			return -1;
		}
		for (int k = 1; k < length; k++) {
			int next = bytes[i + k] & 0xff;
			if ((next & 0xc0) != 0x80) {
				return -1;
			}
			code = (code << 6) | (next & 0x3f);
		}
		if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
			return -1;
		}
		return length;
	}

	/**
	 * An integer field's value from {@code i}: an integer as {@link #digitsEnd} reads it,
	 * or {@code null}.
	 * @return the index after it, -1 if it is not read here
	 */
	private int number(int field, int i) {
		if (this.json[i] == 'n') {
			return literal(field, i, "null");
		}
		int end = digitsEnd(i);
		if (end < 0) {
			return -1;
		}
		this.slices[3 * field] = i;
		this.slices[3 * field + 1] = end;
		this.slices[3 * field + 2] = end - i;
		return end;
	}

	/**
	 * The end of an integer from {@code i}: digits without sign or leading zero, at most
	 * 18 (any fits a long, and it is written as {@link Long#toString} writes it), and no
	 * fraction or exponent after them; -1 for anything else.
	 */
	private int digitsEnd(int i) {
		byte[] bytes = this.json;
		int j = i;
		while (j < bytes.length && bytes[j] >= '0' && bytes[j] <= '9') {
			j++;
		}
		if (j == i || j - i > 18 || (bytes[i] == '0' && j - i > 1)) {
			return -1;
		}
		if (j < bytes.length && (bytes[j] == '.' || bytes[j] == 'e' || bytes[j] == 'E')) {
			return -1;
		}
		return j;
	}

	private int literal(int field, int i, String literal) {
		int end = i + literal.length();
		if (end > this.json.length) {
			return -1;
		}
		for (int k = 0; k < literal.length(); k++) {
			if (this.json[i + k] != literal.charAt(k)) {
				return -1;
			}
		}
		if (field >= 0) {
			this.slices[3 * field] = NULL;
			this.nulls |= 1 << field;
		}
		return end;
	}

	/** An unknown field's value: a string, integer, true, false or null. */
	private int skipValue(int i) {
		return switch (this.json[i]) {
			case '"' -> {
				int end = stringEnd(i + 1);
				yield (end < 0) ? -1 : end + 1;
			}
			case 'n' -> literal(-1, i, "null");
			case 't' -> literal(-1, i, "true");
			case 'f' -> literal(-1, i, "false");
			default -> digitsEnd(i);
		};
	}

	/** The first index from {@code i} that is not JSON whitespace. */
	private int space(int i) {
		while (i < this.json.length) {
			int b = this.json[i];
			if (b > ' ' || b < 0 || (b != ' ' && b != '\n' && b != '\r' && b != '\t')) {
				break;
			}
			i++;
		}
		return i;
	}

	/** Whether the bytes from {@code i} are these. */
	private boolean startsWith(int i, byte[] expected) {
		if (i + expected.length > this.json.length) {
			return false;
		}
		for (int k = 0; k < expected.length; k++) {
			if (this.json[i + k] != expected[k]) {
				return false;
			}
		}
		return true;
	}

	private RoomEvent.Type readType() {
		for (int t = 0; t < TYPE_NAMES.length; t++) {
			if (equals(TYPE, TYPE_NAMES[t])) {
				return TYPES[t];
			}
		}
		return null;
	}

	/**
	 * Whether a time field is absent, {@code null} or in the form read here with a valid
	 * date; {@code canonical}: there, and written as {@link Instant#toString()} writes
	 * it.
	 */
	private boolean time(int field, boolean canonical) {
		int start = this.slices[3 * field];
		if (start < 0) {
			return !canonical;
		}
		int end = this.slices[3 * field + 1];
		int length = end - start;
		byte[] b = this.json;
		if (length < 20 || length > 30 || length == 21 || b[start + 4] != '-' || b[start + 7] != '-'
				|| b[start + 10] != 'T' || b[start + 13] != ':' || b[start + 16] != ':' || b[end - 1] != 'Z'
				|| (length > 20 && b[start + 19] != '.')) {
			return false;
		}
		if (canonical && length > 20
				&& ((length - 21) % 3 != 0 || (b[end - 2] == '0' && b[end - 3] == '0' && b[end - 4] == '0'))) {
			// Instant.toString writes a fraction in groups of three digits, without a
			// last group of zeros
			return false;
		}
		int year = decimal(start, start + 4);
		int month = decimal(start + 5, start + 7);
		int day = decimal(start + 8, start + 10);
		int hour = decimal(start + 11, start + 13);
		int minute = decimal(start + 14, start + 16);
		int second = decimal(start + 17, start + 19);
		return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour >= 0
				&& hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59
				&& (length == 20 || decimal(start + 20, end - 1) >= 0);
	}

	/**
	 * The decimal number in {@code [from, to)} (at most nine digits), -1 if a byte is not
	 * a digit.
	 */
	private int decimal(int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			int digit = this.json[i] - '0';
			if (digit < 0 || digit > 9) {
				return -1;
			}
			value = value * 10 + digit;
		}
		return value;
	}

	private static int daysIn(int year, int month) {
		return switch (month) {
			case 2 -> ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0) ? 29 : 28;
			case 4, 6, 9, 11 -> 30;
			default -> 31;
		};
	}

	private static byte[][] names(String... names) {
		byte[][] bytes = new byte[names.length][];
		for (int i = 0; i < names.length; i++) {
			bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
		}
		return bytes;
	}

	private static boolean[] plain() {
		boolean[] plain = new boolean[256];
		for (int b = 0x20; b < 0x80; b++) {
			plain[b] = b != '"' && b != '\\';
		}
		return plain;
	}

	private static byte[][] withColons(byte[][] names) {
		byte[][] withColons = new byte[names.length][];
		for (int i = 0; i < names.length; i++) {
			withColons[i] = Arrays.copyOf(names[i], names[i].length + 2);
			withColons[i][names[i].length] = '"';
			withColons[i][names[i].length + 1] = ':';
		}
		return withColons;
	}

	private static byte[][] typeNames() {
		byte[][] names = new byte[TYPES.length][];
		for (RoomEvent.Type type : TYPES) {
			names[type.ordinal()] = type.name().getBytes(StandardCharsets.US_ASCII);
		}
		return names;
	}

	/** The canonical form's bytes and SHA-256, reused by a thread. */
	private static final class Hasher {

		private final MessageDigest sha256;

		private byte[] buffer = new byte[1024];

		private int length;

		Hasher() {
			try {
				this.sha256 = MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("SHA-256 is required of every JVM", ex);
			}
		}

		void start() {
			this.length = 0;
		}

		void bytes(byte[] from, int start, int end) {
			ensure(end - start);
			System.arraycopy(from, start, this.buffer, this.length, end - start);
			this.length += end - start;
		}

		/** A line feed, the length in UTF-16 chars, a colon and the bytes. */
		void field(byte[] from, int start, int end, int chars) {
			ensure(12);
			this.buffer[this.length++] = '\n';
			int digits = 1;
			for (int rest = chars / 10; rest > 0; rest /= 10) {
				digits++;
			}
			for (int i = this.length + digits - 1; i >= this.length; i--) {
				this.buffer[i] = (byte) ('0' + chars % 10);
				chars /= 10;
			}
			this.length += digits;
			this.buffer[this.length++] = ':';
			bytes(from, start, end);
		}

		byte[] digest() {
			this.sha256.update(this.buffer, 0, this.length);
			return this.sha256.digest();
		}

		private void ensure(int more) {
			if (this.length + more > this.buffer.length) {
				this.buffer = Arrays.copyOf(this.buffer, Math.max(2 * this.buffer.length, this.length + more));
			}
		}

	}

}
