package dev.roomcast.events;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import tools.jackson.core.JacksonException;

/**
 * A Kafka serde for one event type with {@link EventJson}'s settings. A {@code null}
 * value (a tombstone) stays {@code null} both ways; unreadable bytes throw
 * {@link SerializationException}, which the consumers route to the dead-letter topic.
 *
 * @param <T> the event type
 */
public class EventSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

	private final Class<T> type;

	/**
	 * A serde for a type.
	 * @param type the event record type
	 */
	public EventSerde(Class<T> type) {
		this.type = type;
	}

	/**
	 * A serde for a type.
	 * @param <T> the event type
	 * @param type the event record type
	 * @return the serde
	 */
	public static <T> EventSerde<T> of(Class<T> type) {
		return new EventSerde<>(type);
	}

	@Override
	public byte[] serialize(String topic, T data) {
		return (data != null) ? EventJson.mapper().writeValueAsBytes(data) : null;
	}

	@Override
	public T deserialize(String topic, byte[] data) {
		if (data == null) {
			return null;
		}
		try {
			return EventJson.mapper().readValue(data, this.type);
		}
		catch (JacksonException ex) {
			throw new SerializationException("Not a " + this.type.getSimpleName() + " on " + topic, ex);
		}
	}

	@Override
	public Serializer<T> serializer() {
		return this;
	}

	@Override
	public Deserializer<T> deserializer() {
		return this;
	}

	@Override
	public void configure(java.util.Map<String, ?> configs, boolean isKey) {
	}

	@Override
	public void close() {
	}

}
