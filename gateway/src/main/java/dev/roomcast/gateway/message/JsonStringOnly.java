package dev.roomcast.gateway.message;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads a text field only from a JSON string: a number, boolean, object or array gives
 * {@code null}, which {@link ValidText} refuses as {@code INVALID_TEXT}, instead of
 * Jackson's coercion of {@code 1} or {@code true} to the text {@code "1"} or
 * {@code "true"}.
 */
class JsonStringOnly extends ValueDeserializer<String> {

	@Override
	public String deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.currentToken() == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		parser.skipChildren();
		return null;
	}

}
