package dev.roomcast.events;

import java.time.Instant;

import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
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

	/**
	 * Buffers recycled per thread: every thread that reads or writes events is a
	 * long-lived platform thread (Kafka consumer, stream and producer threads), and the
	 * default shared deque pool is contended by all of them (docs/benchmarks.md).
	 */
	private static final JsonMapper MAPPER = configure(
			JsonMapper.builder(JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build()))
		.build();

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
	 * Parses a time as events carry it, as the mapper does, for readers that read events
	 * token by token.
	 * @param text an ISO-8601 instant, e.g. {@code 2026-11-27T08:15:02.123456Z}
	 * @return the instant
	 * @throws java.time.DateTimeException if it is not an ISO-8601 instant
	 */
	public static Instant parseInstant(String text) {
		return InstantDeserializer.parse(text);
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
