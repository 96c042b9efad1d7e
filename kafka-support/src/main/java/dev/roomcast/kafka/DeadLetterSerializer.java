package dev.roomcast.kafka;

import java.nio.charset.StandardCharsets;

import dev.roomcast.events.EventJson;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a dead letter as it came: the original bytes of an unreadable record, a String
 * as UTF-8, anything else (a readable but invalid event) as event JSON.
 */
final class DeadLetterSerializer implements Serializer<Object> {

	@Override
	public byte[] serialize(String topic, Object data) {
		if (data == null || data instanceof byte[]) {
			return (byte[]) data;
		}
		if (data instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		return EventJson.mapper().writeValueAsBytes(data);
	}

}
