package dev.roomcast.gateway.delivery;

import java.time.Instant;

import dev.roomcast.events.RoomEvent;

/**
 * The body of each MESSAGE on {@code /topic/rooms/{roomId}}; history pages use the same
 * item shape.
 *
 * @param roomId the room
 * @param seq the position in the room, 1, 2, 3… without gaps
 * @param messageId the sender's id for the message
 * @param senderId the sender's user id
 * @param senderName the sender's display name at send time
 * @param text the text
 * @param sentAt when the gateway received the message
 * @param prevHash the hash of the previous message of the room
 * @param hash this message's hash in the room's chain
 */
record RoomMessage(String roomId, long seq, String messageId, String senderId, String senderName, String text,
		Instant sentAt, String prevHash, String hash) {

	static RoomMessage of(RoomEvent event) {
		return new RoomMessage(event.roomId(), event.seq(), event.messageId(), event.senderId(), event.senderName(),
				event.text(), event.sentAt(), event.prevHash(), event.hash());
	}

}
