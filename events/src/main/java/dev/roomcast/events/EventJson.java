package dev.roomcast.events;

import java.time.Instant;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The JSON settings of every event on the wire: ISO-8601 times, unknown fields ignored
 * (fields are only ever added), no type headers or type ids.
 */
public final class EventJson {

	private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

	private EventJson() {
	}

	/**
	 * The shared, thread-safe mapper.
	 * @return the mapper
	 */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	/**
	 * Applies the event settings to a builder, for services that build their own mapper.
	 * @param builder the builder
	 * @return the same builder
	 */
	public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
		return builder
			.addModule(new SimpleModule("roomcast-events").addDeserializer(Instant.class, new InstantDeserializer()))
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
	}

}
