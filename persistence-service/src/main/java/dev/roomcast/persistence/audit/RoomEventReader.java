package dev.roomcast.persistence.audit;

import java.time.DateTimeException;
import java.time.Instant;

import dev.roomcast.events.EventJson;
import dev.roomcast.events.EventSerde;
import dev.roomcast.events.RoomEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;

/**
 * Reads a {@link RoomEvent} from its JSON token by token, for a replay that reads every
 * event of a long log: the mapper's record deserialization was most of a replay's CPU.
 * The replay reads events in the usual form from their bytes ({@link RoomEventBytes}) and
 * the others (escapes, unusual numbers or times) here. It reads the usual form (each
 * field once, a string, integer or {@code null} as its type wants, unknown fields
 * skipped); anything else (a number where a string belongs, an unknown type, a malformed
 * time, a repeated field, anything after the object, not an object at all) goes to
 * {@link EventSerde}, so the result is always what the mapper makes of the bytes.
 */
final class RoomEventReader {

	private static final EventSerde<RoomEvent> EVENTS = EventSerde.of(RoomEvent.class);

	private static final TokenStreamFactory JSON = EventJson.mapper().tokenStreamFactory();

	private RoomEventReader() {
	}

	/**
	 * The event in a record's value.
	 * @param topic the topic, for the mapper's error message
	 * @param json the value
	 * @return the event, or {@code null} for a {@code null} value or JSON {@code null}
	 * @throws org.apache.kafka.common.errors.SerializationException if it is not a room
	 * event
	 */
	static RoomEvent read(String topic, byte[] json) {
		if (json == null) {
			return null;
		}
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
			RoomEvent event = readObject(parser);
			if (event != null) {
				return event;
			}
		}
		catch (JacksonException | DateTimeException | IllegalArgumentException ex) {
			// the mapper decides
		}
		return EVENTS.deserialize(topic, json);
	}

	/** The event, or {@code null} when the mapper has to decide. */
	private static RoomEvent readObject(JsonParser parser) {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			return null;
		}
		int schemaVersion = 0;
		String eventId = null;
		Instant occurredAt = null;
		RoomEvent.Type type = null;
		String roomId = null;
		long seq = 0;
		String messageId = null;
		String senderId = null;
		String senderName = null;
		String text = null;
		Instant sentAt = null;
		String prevHash = null;
		String hash = null;
		String memberId = null;
		String memberName = null;
		Long targetSeq = null;
		int seen = 0;
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			JsonToken token = parser.nextToken();
			int field = field(name);
			if (field < 0) {
				// fields are only ever added: unknown ones are ignored
				parser.skipChildren();
				continue;
			}
			boolean isNull = token == JsonToken.VALUE_NULL;
			if ((seen & (1 << field)) != 0
					|| (!isNull && token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NUMBER_INT)) {
				return null;
			}
			seen |= 1 << field;
			switch (field) {
				case 0 -> schemaVersion = isNull ? 0 : (int) number(parser, token, Integer.MAX_VALUE);
				case 1 -> eventId = string(parser, token);
				case 2 -> occurredAt = instant(parser, token);
				case 3 -> type = isNull ? null : RoomEvent.Type.valueOf(string(parser, token));
				case 4 -> roomId = string(parser, token);
				case 5 -> seq = isNull ? 0 : number(parser, token, Long.MAX_VALUE);
				case 6 -> messageId = string(parser, token);
				case 7 -> senderId = string(parser, token);
				case 8 -> senderName = string(parser, token);
				case 9 -> text = string(parser, token);
				case 10 -> sentAt = instant(parser, token);
				case 11 -> prevHash = string(parser, token);
				case 12 -> hash = string(parser, token);
				case 13 -> memberId = string(parser, token);
				case 14 -> memberName = string(parser, token);
				default -> targetSeq = isNull ? null : number(parser, token, Long.MAX_VALUE);
			}
		}
		if (parser.nextToken() != null) {
			// the mapper refuses trailing tokens
			return null;
		}
		return new RoomEvent(schemaVersion, eventId, occurredAt, type, roomId, seq, messageId, senderId, senderName,
				text, sentAt, prevHash, hash, memberId, memberName, targetSeq);
	}

	/** The field's position in the record, -1 for a field it does not have. */
	private static int field(String name) {
		return switch (name) {
			case "schemaVersion" -> 0;
			case "eventId" -> 1;
			case "occurredAt" -> 2;
			case "type" -> 3;
			case "roomId" -> 4;
			case "seq" -> 5;
			case "messageId" -> 6;
			case "senderId" -> 7;
			case "senderName" -> 8;
			case "text" -> 9;
			case "sentAt" -> 10;
			case "prevHash" -> 11;
			case "hash" -> 12;
			case "memberId" -> 13;
			case "memberName" -> 14;
			case "targetSeq" -> 15;
			default -> -1;
		};
	}

	private static String string(JsonParser parser, JsonToken token) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token != JsonToken.VALUE_STRING) {
			throw new IllegalArgumentException("not a string");
		}
		return parser.getString();
	}

	private static long number(JsonParser parser, JsonToken token, long max) {
		if (token != JsonToken.VALUE_NUMBER_INT) {
			throw new IllegalArgumentException("not an integer");
		}
		long value = parser.getLongValue();
		if (value > max || value < -max - 1) {
			throw new IllegalArgumentException("out of range");
		}
		return value;
	}

	private static Instant instant(JsonParser parser, JsonToken token) {
		return (token == JsonToken.VALUE_NULL) ? null : EventJson.parseInstant(string(parser, token));
	}

}
