package dev.roomcast.chat.message;

/**
 * Where a room's chain stands: the state chat-service keeps per room, in a store backed
 * by a changelog topic, so a restart continues the chain where the last committed
 * transaction left it.
 *
 * @param lastSeq the seq of the room's last event
 * @param lastHash the hash of the room's last event
 * @param signedSeq the seq of the room's last signed head, 0 before the first (and for
 * states written before heads were signed)
 */
record RoomState(long lastSeq, String lastHash, long signedSeq) {

	/**
	 * Whether the head moved since it was last signed.
	 * @return whether events follow the last signed one
	 */
	boolean unsigned() {
		return this.lastSeq > this.signedSeq;
	}

	RoomState signed() {
		return new RoomState(this.lastSeq, this.lastHash, this.lastSeq);
	}

}
