package dev.roomcast.gateway.message;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.UUID;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code SEND /app/rooms/{roomId}/messages}.
 *
 * @param messageId a UUID the client chooses, its idempotency key: sending it again never
 * gives a second message
 * @param text the text, as {@link dev.roomcast.events.MessageText} allows
 */
record SendMessageRequest(@NotNull @UUID(version = {
		1, 2, 3, 4, 5, 6, 7, 8 }, allowNil = true) String messageId,
		@JsonDeserialize(using = JsonStringOnly.class) @ValidText String text) implements RoomSubmission{

}
