package dev.roomcast.persistence.message;

import dev.roomcast.kafka.PoisonRecordException;

/**
 * A record of chat.room-events that reads as JSON but is not a storable event: it goes to
 * the dead-letter topic at once, since no retry can fix it.
 */
public class InvalidRoomEventException extends PoisonRecordException {

	InvalidRoomEventException(String message) {
		super(message);
	}

}
