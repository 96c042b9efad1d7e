package dev.roomcast.gateway.message;

/**
 * A body sent to a room: a message, an edit or a deletion, each named by the client's
 * {@code messageId}, its idempotency key.
 */
interface RoomSubmission {

	String messageId();

}
