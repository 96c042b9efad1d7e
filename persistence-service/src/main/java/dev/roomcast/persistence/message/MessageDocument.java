package dev.roomcast.persistence.message;

import java.time.Instant;

import dev.roomcast.events.RoomEvent;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One room event as stored in {@code messages}, unique on (roomId, seq). {@code sentAt}
 * is kept as the exact ISO-8601 text of the event, so the stored fields still hash to the
 * stored hash (a BSON date would cut it to milliseconds). A membership event (type
 * {@code ROOM_CREATED}, {@code MEMBER_ADDED}, {@code MEMBER_REMOVED},
 * {@code MEMBER_LEFT}) has no text and names the member it is about in
 * {@code memberId}/{@code memberName}.
 *
 * <p>
 * An edit or a deletion (type {@code EDIT}, {@code DELETE}) is stored as an event too,
 * naming its target in {@code targetSeq}, and changes the target: an edit sets the
 * message's {@code text} to the new text with {@code editedAt} (the edit's time) and
 * {@code editSeq} (the edit's seq); a deletion removes the message's {@code text} and
 * sets {@code deleted}, and removes the text of the message's edits too (also marked
 * {@code deleted}). The log keeps the original texts; the projection only the current
 * one. A changed document no longer hashes to its {@code hash}: audits fold the changes
 * before comparing.
 */
@Document(MessageDocument.COLLECTION)
record MessageDocument(@Id String id, String roomId, long seq, String eventId, String type, String messageId,
		String senderId, String senderName, String text, String sentAt, Instant occurredAt, String prevHash,
		String hash, String memberId, String memberName, Long targetSeq, Instant editedAt, Long editSeq,
		Boolean deleted) {

	static final String COLLECTION = "messages";

	/**
	 * A document to insert; its {@code _id} is left to the driver.
	 */
	static MessageDocument of(RoomEvent event) {
		return new MessageDocument(null, event.roomId(), event.seq(), event.eventId(), event.type().name(),
				event.messageId(), event.senderId(), event.senderName(), event.text(), event.sentAt().toString(),
				event.occurredAt(), event.prevHash(), event.hash(), event.memberId(), event.memberName(),
				event.targetSeq(), null, null, null);
	}

	/**
	 * Whether an edit or deletion changed what this document stored of its event.
	 * @return whether it was edited or deleted
	 */
	boolean changed() {
		return this.editSeq != null || Boolean.TRUE.equals(this.deleted);
	}

	RoomEvent toEvent() {
		return new RoomEvent(RoomEvent.SCHEMA_VERSION, this.eventId, this.occurredAt,
				(this.type != null) ? RoomEvent.Type.valueOf(this.type) : RoomEvent.Type.MESSAGE, this.roomId, this.seq,
				this.messageId, this.senderId, this.senderName, this.text,
				(this.sentAt != null) ? Instant.parse(this.sentAt) : null, this.prevHash, this.hash, this.memberId,
				this.memberName, this.targetSeq);
	}

}
