package dev.roomcast.gateway.message;

/**
 * The body of {@code SEND /app/rooms/{roomId}/messages}.
 *
 * @param messageId a UUID the client chooses, its idempotency key: sending it again never
 * gives a second message
 * @param text the text, 1 to 4000 characters
 */
record SendMessageRequest(String messageId, String text) {

}
