package dev.roomcast.gateway.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import dev.roomcast.events.EventJson;
import dev.roomcast.events.RoomDirectory;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.gateway.websocket.ClientSessions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.databind.ObjectWriter;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/**
 * Delivers a room event to this instance's subscribers of {@code /topic/rooms/{roomId}},
 * straight from the Kafka consumer thread into each subscriber's outbound queue, without
 * Spring's simple broker: the body and the end of the MESSAGE frame are encoded once per
 * event; per subscriber only the head differs ({@link MessageFrames}). A subscriber who
 * is no longer a member of the room (removed, or left, after subscribing) is skipped and
 * counted.
 */
@Component
class RoomFanOut {

	private static final ObjectWriter BODY = EventJson.mapper().writerFor(RoomMessage.class);

	private final RoomSubscriptions subscriptions;

	private final RoomDirectory rooms;

	private final ClientSessions sessions;

	private final AtomicLong messageIds = new AtomicLong();

	private final Instant startedAt = Instant.now();

	private final Counter delivered;

	private final Counter withheld;

	private final Timer latency;

	RoomFanOut(RoomSubscriptions subscriptions, RoomDirectory rooms, ClientSessions sessions, MeterRegistry registry) {
		this.subscriptions = subscriptions;
		this.rooms = rooms;
		this.sessions = sessions;
		this.delivered = Counter.builder("roomcast.messages.delivered")
			.description("Room messages handed to subscribers of this gateway instance")
			.register(registry);
		this.withheld = Counter.builder("roomcast.deliveries.withheld")
			.description("Room messages not delivered because the subscriber is no longer a member")
			.register(registry);
		this.latency = Timer.builder("roomcast.delivery.latency")
			.description("From the gateway receiving a message to a gateway delivering it to a subscriber")
			.publishPercentileHistogram()
			.publishPercentiles(0.5, 0.99, 0.999)
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(10))
			.register(registry);
	}

	void deliver(RoomEvent event) {
		RoomSubscriptions.Subscriber[] subscribers = this.subscriptions.of(event.roomId());
		if (subscribers.length == 0) {
			return;
		}
		String body = BODY.writeValueAsString(RoomMessage.of(event));
		String tail = MessageFrames.tail(body);
		int handedOver = 0;
		for (RoomSubscriptions.Subscriber subscriber : subscribers) {
			if (!this.rooms.isMember(event.roomId(), subscriber.userId())) {
				this.withheld.increment();
				continue;
			}
			TextMessage frame = MessageFrames.frame(subscriber.frameHead(), this.messageIds.incrementAndGet(), tail);
			if (this.sessions.send(subscriber.sessionId(), frame)) {
				handedOver++;
			}
			else {
				// the session closed before its DISCONNECT reached the guard
				this.subscriptions.removeSession(subscriber.sessionId());
			}
		}
		if (handedOver > 0) {
			this.delivered.increment(handedOver);
			// not the events read again from before the start (RoomEventListener)
			if (event.sentAt() != null && event.sentAt().isAfter(this.startedAt)) {
				Duration sinceReceived = Duration.between(event.sentAt(), Instant.now());
				for (int i = 0; i < handedOver; i++) {
					this.latency.record(sinceReceived);
				}
			}
		}
	}

}
