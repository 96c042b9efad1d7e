package dev.roomcast.chat.message;

/**
 * Where a room's chain stands: the state chat-service keeps per room, in a persistent
 * store backed by a changelog topic, so a restart continues the chain where the last
 * committed transaction left it.
 *
 * @param lastSeq the seq of the room's last event
 * @param lastHash the hash of the room's last event
 */
record RoomState(long lastSeq, String lastHash) {

}
