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
 */
@Document(MessageDocument.COLLECTION)
record MessageDocument(@Id String id, String roomId, long seq, String eventId, String type, String messageId,
		String senderId, String senderName, String text, String sentAt, Instant occurredAt, String prevHash,
		String hash, String memberId, String memberName) {

	static final String COLLECTION = "messages";

	/**
	 * A document to insert; its {@code _id} is left to the driver.
	 */
	static MessageDocument of(RoomEvent event) {
		return new MessageDocument(null, event.roomId(), event.seq(), event.eventId(), event.type().name(),
				event.messageId(), event.senderId(), event.senderName(), event.text(), event.sentAt().toString(),
				event.occurredAt(), event.prevHash(), event.hash(), event.memberId(), event.memberName());
	}

	RoomEvent toEvent() {
		return new RoomEvent(RoomEvent.SCHEMA_VERSION, this.eventId, this.occurredAt,
				(this.type != null) ? RoomEvent.Type.valueOf(this.type) : RoomEvent.Type.MESSAGE, this.roomId, this.seq,
				this.messageId, this.senderId, this.senderName, this.text,
				(this.sentAt != null) ? Instant.parse(this.sentAt) : null, this.prevHash, this.hash, this.memberId,
				this.memberName);
	}

}
