package dev.roomcast.gateway.delivery;

import java.time.Instant;

import dev.roomcast.events.RoomEvent;

/**
 * The body of each MESSAGE on {@code /topic/rooms/{roomId}}; history pages use the same
 * item shape. A membership change of the room comes the same way, with its own seq, its
 * {@code type} and the member it is about; its {@code text} is {@code null}. An edit
 * ({@code EDIT}, the new text) or a deletion ({@code DELETE}, no text) names the message
 * it changes in {@code targetSeq}.
 *
 * @param type {@code MESSAGE}, {@code ROOM_CREATED}, {@code MEMBER_ADDED},
 * {@code MEMBER_REMOVED}, {@code MEMBER_LEFT}, {@code EDIT} or {@code DELETE}
 * @param roomId the room
 * @param seq the position in the room, 1, 2, 3… without gaps
 * @param messageId the sender's id for the message
 * @param senderId the sender's user id
 * @param senderName the sender's display name at send time
 * @param text the text
 * @param sentAt when the gateway received the message
 * @param prevHash the hash of the previous message of the room
 * @param hash this message's hash in the room's chain
 * @param memberId the member a membership change is about, else {@code null}
 * @param memberName that member's display name, else {@code null}
 * @param targetSeq the seq of the message an edit or deletion changes, else {@code null}
 */
record RoomMessage(RoomEvent.Type type, String roomId, long seq, String messageId, String senderId, String senderName,
		String text, Instant sentAt, String prevHash, String hash, String memberId, String memberName, Long targetSeq) {

	static RoomMessage of(RoomEvent event) {
		return new RoomMessage(event.type(), event.roomId(), event.seq(), event.messageId(), event.senderId(),
				event.senderName(), event.text(), event.sentAt(), event.prevHash(), event.hash(), event.memberId(),
				event.memberName(), event.targetSeq());
	}

}
