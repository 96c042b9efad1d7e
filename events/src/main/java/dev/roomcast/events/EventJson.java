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
