package dev.roomcast.persistence.audit;

import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;

/**
 * One record of the log as a replay's chain check sees it: its room, type and seq,
 * whether its hash matches its fields, and its hashes to link and compare. An event in
 * the usual form is read from its bytes ({@link RoomEventBytes}) and becomes a
 * {@link RoomEvent} only when the replay needs one (membership, edits, the store
 * comparison); anything else is decoded by {@link RoomEventReader}, i.e. as the mapper
 * decodes it.
 */
final class LoggedEvent {

	private final RoomEventBytes bytes;

	private RoomEvent event;

	private final String roomId;

	private final boolean hashMatches;

	private LoggedEvent(RoomEventBytes bytes, RoomEvent event, String roomId, boolean hashMatches) {
		this.bytes = bytes;
		this.event = event;
		this.roomId = roomId;
		this.hashMatches = hashMatches;
	}

	/**
	 * Reads a record's value.
	 * @param topic the topic, for the mapper's error message
	 * @param value the value
	 * @param onlyRoom the room whose hashes are checked, {@code null} for all
	 * @return the event, or {@code null} for an unreadable record or one without a room,
	 * type or sentAt
	 */
	static LoggedEvent read(String topic, byte[] value, String onlyRoom) {
		RoomEventBytes bytes = RoomEventBytes.scan(value);
		if (bytes != null) {
			String roomId = bytes.roomId();
			return new LoggedEvent(bytes, null, roomId,
					(onlyRoom == null || onlyRoom.equals(roomId)) && bytes.verifies());
		}
		RoomEvent event;
		try {
			event = RoomEventReader.read(topic, value);
		}
		catch (RuntimeException ex) {
			return null;
		}
		if (event == null || event.roomId() == null || event.type() == null || event.sentAt() == null) {
			return null;
		}
		return new LoggedEvent(null, event, event.roomId(),
				(onlyRoom == null || onlyRoom.equals(event.roomId())) && verifies(event));
	}

	private static boolean verifies(RoomEvent event) {
		try {
			return HashChain.verifies(event);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	String roomId() {
		return this.roomId;
	}

	RoomEvent.Type type() {
		return (this.bytes != null) ? this.bytes.type() : this.event.type();
	}

	long seq() {
		return (this.bytes != null) ? this.bytes.seq() : this.event.seq();
	}

	/**
	 * Whether the hash matches the fields and the prevHash (false for another room than
	 * the one asked for).
	 */
	boolean hashMatches() {
		return this.hashMatches;
	}

	/**
	 * Whether the prevHash is this hash.
	 * @param hash a hash as 64 ASCII hex digits
	 */
	boolean linksTo(byte[] hash) {
		if (this.bytes != null) {
			return this.bytes.prevHashIs(hash);
		}
		String prevHash = this.event.prevHash();
		if (prevHash == null || prevHash.length() != hash.length) {
			return false;
		}
		for (int i = 0; i < hash.length; i++) {
			if (prevHash.charAt(i) != hash[i]) {
				return false;
			}
		}
		return true;
	}

	/** Whether the hash is this one. */
	boolean hashIs(String hash) {
		return (this.bytes != null) ? this.bytes.hashIs(hash) : hash.equals(this.event.hash());
	}

	/**
	 * Copies the hash of an event whose hash {@link #hashMatches() matches}: 64 hex
	 * digits.
	 * @param into where to
	 */
	void copyHash(byte[] into) {
		if (this.bytes != null) {
			this.bytes.copyHash(into);
			return;
		}
		String hash = this.event.hash();
		for (int i = 0; i < into.length; i++) {
			into[i] = (byte) hash.charAt(i);
		}
	}

	/** The whole event, made from the bytes the first time it is asked for. */
	RoomEvent event() {
		if (this.event == null) {
			this.event = this.bytes.toEvent();
		}
		return this.event;
	}

}
