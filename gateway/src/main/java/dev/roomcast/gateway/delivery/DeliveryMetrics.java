package dev.roomcast.gateway.delivery;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.stereotype.Component;

/**
 * Counts each room message handed to a client's outbound queue and records its latency
 * since the gateway received it from the sender ({@code roomcast.delivery.latency}).
 * Installed on the client outbound channel.
 */
@Component
public class DeliveryMetrics implements ExecutorChannelInterceptor {

	/** The header that carries {@code RoomEvent.sentAt} to this interceptor. */
	static final String SENT_AT_HEADER = "roomcast.sentAt";

	private final Counter delivered;

	private final Timer latency;

	DeliveryMetrics(MeterRegistry registry, ObjectProvider<SimpUserRegistry> users) {
		this.delivered = Counter.builder("roomcast.messages.delivered")
			.description("Room messages handed to subscribers of this gateway instance")
			.register(registry);
		this.latency = Timer.builder("roomcast.delivery.latency")
			.description("From the gateway receiving a message to a gateway delivering it to a subscriber")
			.publishPercentileHistogram()
			.publishPercentiles(0.5, 0.99, 0.999)
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(10))
			.register(registry);
		Gauge.builder("roomcast.websocket.subscriptions", users, DeliveryMetrics::subscriptions)
			.description("STOMP subscriptions on this gateway instance")
			.register(registry);
	}

	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
			@Nullable Exception ex) {
		if (ex == null && message.getHeaders().get(SENT_AT_HEADER) instanceof Instant sentAt) {
			this.delivered.increment();
			this.latency.record(Duration.between(sentAt, Instant.now()));
		}
	}

	private static double subscriptions(ObjectProvider<SimpUserRegistry> users) {
		long count = 0;
		for (SimpUser user : users.getObject().getUsers()) {
			count += user.getSessions().stream().mapToLong((session) -> session.getSubscriptions().size()).sum();
		}
		return count;
	}

}
