package dev.roomcast.gateway.message;

import jakarta.validation.constraints.Min;

/**
 * The body of {@code SEND /app/rooms/{roomId}/read}.
 *
 * @param seq the highest seq of the room the user has now read, from 1
 */
record ReadRequest(@Min(1) long seq) {

}
