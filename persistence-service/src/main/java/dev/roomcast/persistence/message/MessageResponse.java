package dev.roomcast.persistence.message;

import java.time.Instant;

import dev.roomcast.events.RoomEvent;

/**
 * One message of a history page: the same shape as the live STOMP {@code MESSAGE} body.
 *
 * @param roomId the room
 * @param seq the position in the room
 * @param messageId the client's id for the message
 * @param senderId the sender's user id
 * @param senderName the sender's display name at send time
 * @param text the text
 * @param sentAt when gateway received it
 * @param prevHash the previous event's hash
 * @param hash this event's hash
 */
record MessageResponse(String roomId, long seq, String messageId, String senderId, String senderName, String text,
		Instant sentAt, String prevHash, String hash) {

	static MessageResponse of(RoomEvent event) {
		return new MessageResponse(event.roomId(), event.seq(), event.messageId(), event.senderId(), event.senderName(),
				event.text(), event.sentAt(), event.prevHash(), event.hash());
	}

}
