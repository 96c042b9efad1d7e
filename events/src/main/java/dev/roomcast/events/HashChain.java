package dev.roomcast.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The tamper-evident chain of a room:
 * {@code hash = SHA-256(prevHash + canonical fields)}. chat-service computes it; audits
 * recompute it.
 */
public final class HashChain {

	/** The {@code prevHash} of a room's first event: 64 zeros. */
	public static final String GENESIS = "0".repeat(64);

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static final ThreadLocal<Canonical> CANONICAL = ThreadLocal.withInitial(Canonical::new);

	private HashChain() {
	}

	/**
	 * The hash of an event given the previous hash. The canonical form is the fields
	 * joined by a line feed, each prefixed with its length, so no two different events
	 * share one form. The fields are type, roomId, seq, messageId, senderId, senderName,
	 * text and sentAt, for the membership types (version 2) also memberId and memberName,
	 * and for an edit or a deletion (version 3) also targetSeq; a missing field counts as
	 * empty. The events of earlier versions hash as they always did.
	 * @param prevHash the previous hash of the room
	 * @param event the event, whose own {@code hash} and {@code prevHash} are ignored
	 * @return the lowercase hex SHA-256
	 */
	public static String hash(String prevHash, RoomEvent event) {
		return HexFormat.of().formatHex(digest(prevHash, event));
	}

	/**
	 * Whether an event's hash matches its fields and previous hash.
	 * @param event the event
	 * @return whether {@code hash(event.prevHash(), event)} equals {@code event.hash()}
	 */
	public static boolean verifies(RoomEvent event) {
		byte[] digest = digest(event.prevHash(), event);
		String hash = event.hash();
		if (hash == null || hash.length() != 2 * digest.length) {
			return false;
		}
		for (int i = 0; i < digest.length; i++) {
			if (hash.charAt(2 * i) != HEX[(digest[i] >> 4) & 0xf] || hash.charAt(2 * i + 1) != HEX[digest[i] & 0xf]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The SHA-256 of the canonical form, written into a buffer the thread reuses: audits
	 * hash every event of a long log, and chat-service every event it orders.
	 */
	private static byte[] digest(String prevHash, RoomEvent event) {
		Canonical canonical = CANONICAL.get();
		canonical.start(Objects.requireNonNull(prevHash, "prevHash"));
		canonical.field(event.type().name());
		canonical.field(event.roomId());
		canonical.field(event.seq());
		canonical.field(event.messageId());
		canonical.field(event.senderId());
		canonical.field(event.senderName());
		canonical.field(event.text());
		canonical.field(event.sentAt());
		if (event.type().isMembership()) {
			// version 2 types only: a MESSAGE's canonical form is that of version 1
			canonical.field(event.memberId());
			canonical.field(event.memberName());
		}
		if (event.type().changesMessage()) {
			canonical.field((event.targetSeq() != null) ? event.targetSeq().toString() : null);
		}
		return canonical.digest();
	}

	/**
	 * The canonical form as UTF-8 bytes: the previous hash, then per field a line feed,
	 * the field's length in UTF-16 chars, a colon and its value ({@code null} as empty).
	 * These are the bytes of the form built as one string and encoded at once: fields
	 * never touch, so encoding field by field changes nothing (a lone surrogate encodes
	 * as {@code ?} either way).
	 */
	private static final class Canonical {

		/**
		 * 0000-01-01T00:00:00Z: {@link Instant#toString()} writes years 0 to 9999 as four
		 * digits.
		 */
		private static final long FIRST_FOUR_DIGIT_YEAR = -62_167_219_200L;

		/** 9999-12-31T23:59:59Z. */
		private static final long LAST_FOUR_DIGIT_YEAR = 253_402_300_799L;

		private final MessageDigest sha256 = sha256();

		private byte[] buffer = new byte[1024];

		private int length;

		void start(String prevHash) {
			this.length = 0;
			append(prevHash);
		}

		void field(String value) {
			String text = (value != null) ? value : "";
			ensure(12);
			this.buffer[this.length++] = '\n';
			decimal(text.length());
			this.buffer[this.length++] = ':';
			append(text);
		}

		void field(long value) {
			field(Long.toString(value));
		}

		/** An instant as {@link Instant#toString()} writes it. */
		void field(Instant value) {
			if (value == null || value.getEpochSecond() < FIRST_FOUR_DIGIT_YEAR
					|| value.getEpochSecond() > LAST_FOUR_DIGIT_YEAR) {
				field((value != null) ? value.toString() : null);
				return;
			}
			int nanos = value.getNano();
			int fraction = (nanos == 0) ? 0 : (nanos % 1_000_000 == 0) ? 4 : (nanos % 1_000 == 0) ? 7 : 10;
			ensure(48);
			this.buffer[this.length++] = '\n';
			decimal(20 + fraction);
			this.buffer[this.length++] = ':';
			LocalDateTime time = LocalDateTime.ofEpochSecond(value.getEpochSecond(), 0, ZoneOffset.UTC);
			digits(time.getYear(), 4);
			this.buffer[this.length++] = '-';
			digits(time.getMonthValue(), 2);
			this.buffer[this.length++] = '-';
			digits(time.getDayOfMonth(), 2);
			this.buffer[this.length++] = 'T';
			digits(time.getHour(), 2);
			this.buffer[this.length++] = ':';
			digits(time.getMinute(), 2);
			this.buffer[this.length++] = ':';
			digits(time.getSecond(), 2);
			if (fraction > 0) {
				this.buffer[this.length++] = '.';
				switch (fraction) {
					case 4 -> digits(nanos / 1_000_000, 3);
					case 7 -> digits(nanos / 1_000, 6);
					default -> digits(nanos, 9);
				}
			}
			this.buffer[this.length++] = 'Z';
		}

		byte[] digest() {
			this.sha256.update(this.buffer, 0, this.length);
			return this.sha256.digest();
		}

		private void append(String text) {
			int chars = text.length();
			ensure(chars);
			for (int i = 0; i < chars; i++) {
				char c = text.charAt(i);
				if (c >= 0x80) {
					byte[] rest = text.substring(i).getBytes(StandardCharsets.UTF_8);
					ensure(rest.length);
					System.arraycopy(rest, 0, this.buffer, this.length, rest.length);
					this.length += rest.length;
					return;
				}
				this.buffer[this.length++] = (byte) c;
			}
		}

		/** A non-negative number in decimal. */
		private void decimal(int value) {
			int digits = 1;
			for (int rest = value / 10; rest > 0; rest /= 10) {
				digits++;
			}
			digits(value, digits);
		}

		private void digits(int value, int digits) {
			for (int i = this.length + digits - 1; i >= this.length; i--) {
				this.buffer[i] = (byte) ('0' + value % 10);
				value /= 10;
			}
			this.length += digits;
		}

		private void ensure(int more) {
			if (this.length + more > this.buffer.length) {
				this.buffer = Arrays.copyOf(this.buffer, Math.max(2 * this.buffer.length, this.length + more));
			}
		}

	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

}
