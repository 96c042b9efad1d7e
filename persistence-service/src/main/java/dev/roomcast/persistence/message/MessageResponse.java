package dev.roomcast.persistence.message;

import java.time.Instant;

import dev.roomcast.events.RoomEvent;

/**
 * One event of a history page: the same shape as the live STOMP {@code MESSAGE} body,
 * with the message's current state. A membership change comes with its type, no text and
 * the member it is about. An edited message comes with its latest text and
 * {@code editedAt}, a deleted one as a tombstone ({@code deleted}, no text). The edits
 * and deletions themselves come as entries of type {@code EDIT}/{@code DELETE} with their
 * {@code targetSeq} and no text (they are already folded into their target), so that a
 * page still runs without gaps in seq.
 *
 * @param type {@code MESSAGE}, {@code ROOM_CREATED}, {@code MEMBER_ADDED},
 * {@code MEMBER_REMOVED}, {@code MEMBER_LEFT}, {@code EDIT} or {@code DELETE}
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
 * @param targetSeq the message an edit or deletion changed, else {@code null}
 * @param editedAt when a message was last edited, else {@code null}
 * @param deleted whether a message was deleted
 */
record MessageResponse(RoomEvent.Type type, String roomId, long seq, String messageId, String senderId,
		String senderName, String text, Instant sentAt, String prevHash, String hash, String memberId,
		String memberName, Long targetSeq, Instant editedAt, boolean deleted) {

	static MessageResponse of(MessageDocument stored) {
		RoomEvent event = stored.toEvent();
		boolean deleted = Boolean.TRUE.equals(stored.deleted());
		// an edit's text is its target's current text, or was deleted with it
		String text = (deleted || event.type() == RoomEvent.Type.EDIT) ? null : event.text();
		return new MessageResponse(event.type(), event.roomId(), event.seq(), event.messageId(), event.senderId(),
				event.senderName(), text, event.sentAt(), event.prevHash(), event.hash(), event.memberId(),
				event.memberName(), event.targetSeq(), stored.editedAt(), deleted);
	}

}
