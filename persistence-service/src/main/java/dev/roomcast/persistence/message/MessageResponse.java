package dev.roomcast.persistence.message;

import java.time.Instant;

import dev.roomcast.events.RoomEvent;

/**
 * One event of a history page: the same shape as the live STOMP {@code MESSAGE} body. A
 * membership change comes with its type, no text and the member it is about.
 *
 * @param type {@code MESSAGE}, {@code ROOM_CREATED}, {@code MEMBER_ADDED},
 * {@code MEMBER_REMOVED} or {@code MEMBER_LEFT}
 * @param roomId the room
 * @param seq the position in the room
 * @param messageId the client's id for the message
 * @param senderId the sender's user id
 * @param senderName the sender's display name at send time
 * @param text the text
 * @param sentAt when gateway received it
 * @param prevHash the previous event's hash
 * @param hash this event's hash
 * @param memberId the member a membership change is about, else {@code null}
 * @param memberName that member's display name, else {@code null}
 */
record MessageResponse(RoomEvent.Type type, String roomId, long seq, String messageId, String senderId,
		String senderName, String text, Instant sentAt, String prevHash, String hash, String memberId,
		String memberName) {

	static MessageResponse of(RoomEvent event) {
		return new MessageResponse(event.type(), event.roomId(), event.seq(), event.messageId(), event.senderId(),
				event.senderName(), event.text(), event.sentAt(), event.prevHash(), event.hash(), event.memberId(),
				event.memberName());
	}

}
