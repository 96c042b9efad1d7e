package dev.roomcast.gateway.message;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.UUID;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code SEND /app/rooms/{roomId}/edits}.
 *
 * @param messageId a UUID the client chooses for the edit, its idempotency key
 * @param targetSeq the seq of the sender's message to edit
 * @param text the new text, as {@link dev.roomcast.events.MessageText} allows
 */
record EditMessageRequest(@NotNull @UUID(version = {
		1, 2, 3, 4, 5, 6, 7, 8 }, allowNil = true) String messageId, @NotNull @Positive Long targetSeq,
		@JsonDeserialize(using = JsonStringOnly.class) @ValidText String text) implements ChangeRequest{

}
