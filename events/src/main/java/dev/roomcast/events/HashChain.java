package dev.roomcast.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tamper-evident chain of a room:
 * {@code hash = SHA-256(prevHash + canonical fields)}. chat-service computes it; audits
 * recompute it.
 */
public final class HashChain {

	/** The {@code prevHash} of a room's first event: 64 zeros. */
	public static final String GENESIS = "0".repeat(64);

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
		StringBuilder canonical = new StringBuilder(prevHash);
		append(canonical, event.type().name());
		append(canonical, event.roomId());
		append(canonical, Long.toString(event.seq()));
		append(canonical, event.messageId());
		append(canonical, event.senderId());
		append(canonical, event.senderName());
		append(canonical, event.text());
		append(canonical, (event.sentAt() != null) ? event.sentAt().toString() : null);
		if (event.type().isMembership()) {
			// version 2 types only: a MESSAGE's canonical form is that of version 1
			append(canonical, event.memberId());
			append(canonical, event.memberName());
		}
		if (event.type().changesMessage()) {
			append(canonical, (event.targetSeq() != null) ? event.targetSeq().toString() : null);
		}
		return HexFormat.of().formatHex(sha256().digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Whether an event's hash matches its fields and previous hash.
	 * @param event the event
	 * @return whether {@code hash(event.prevHash(), event)} equals {@code event.hash()}
	 */
	public static boolean verifies(RoomEvent event) {
		return hash(event.prevHash(), event).equals(event.hash());
	}

	private static void append(StringBuilder canonical, String field) {
		String value = (field != null) ? field : "";
		canonical.append('\n').append(value.length()).append(':').append(value);
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
