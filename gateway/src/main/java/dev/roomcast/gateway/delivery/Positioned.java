package dev.roomcast.gateway.delivery;

import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code roomcast.kafka.listener.positioned{listener}}: 1 once a reader that starts at
 * the end of its topic has resolved that position, so that everything written from then
 * on reaches this instance's clients; 0 before.
 */
final class Positioned {

	private Positioned() {
	}

	static void gauge(MeterRegistry registry, String listener, BooleanSupplier positioned) {
		Gauge.builder("roomcast.kafka.listener.positioned", () -> positioned.getAsBoolean() ? 1 : 0)
			.description("Whether a reader from the end of its topic has taken its start position")
			.tag("listener", listener)
			.register(registry);
	}

}
