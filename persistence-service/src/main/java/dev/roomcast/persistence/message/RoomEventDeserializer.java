package dev.roomcast.persistence.message;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.RoomEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a {@link RoomEvent} and refuses one that could not be stored (no room, no seq, no
 * hashes…). Refusing here, under an {@code ErrorHandlingDeserializer}, keeps the record's
 * original bytes for the dead-letter topic.
 */
public class RoomEventDeserializer implements Deserializer<RoomEvent> {

	private static final EventSerde<RoomEvent> EVENTS = EventSerde.of(RoomEvent.class);

	@Override
	public RoomEvent deserialize(String topic, byte[] data) {
		RoomEvent event = EVENTS.deserialize(topic, data);
		if (event != null
				&& (event.roomId() == null || event.seq() < 1 || event.type() == null || event.messageId() == null
						|| event.sentAt() == null || event.prevHash() == null || event.hash() == null)) {
			throw new SerializationException(
					"Not a storable room event (roomId, seq ≥ 1, type, messageId, sentAt, prevHash and hash are required)");
		}
		return event;
	}

}
