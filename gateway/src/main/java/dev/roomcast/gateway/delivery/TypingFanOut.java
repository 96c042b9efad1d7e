package dev.roomcast.gateway.delivery;

import java.util.concurrent.atomic.AtomicLong;

import dev.roomcast.events.RoomDirectory;
import dev.roomcast.gateway.websocket.ClientSessions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Delivers a typing signal to this instance's subscribers of
 * {@code /topic/rooms/{roomId}/typing}: members of the room other than the typist. The
 * subscriptions are authorised and kept like the room's own
 * ({@link RoomSubscriptionGuard} and {@link RoomSubscriptions}, under the key
 * {@code roomId + "/typing"}); nothing is stored or replayed, a signal missed is gone.
 */
@Component
public class TypingFanOut {

	/** What follows the roomId in the typing destination. */
	public static final String SUFFIX = "/typing";

	private final RoomSubscriptions subscriptions;

	private final RoomDirectory rooms;

	private final ClientSessions sessions;

	/** Numbers the frames' message-ids, negative so they never equal a room event's. */
	private final AtomicLong messageIds = new AtomicLong();

	private final Counter delivered;

	TypingFanOut(RoomSubscriptions subscriptions, RoomDirectory rooms, ClientSessions sessions,
			MeterRegistry registry) {
		this.subscriptions = subscriptions;
		this.rooms = rooms;
		this.sessions = sessions;
		this.delivered = Counter.builder("roomcast.typing.delivered")
			.description("Typing signals handed to subscribers of this gateway instance")
			.register(registry);
	}

	/**
	 * Hands a typing signal to the room's typing subscribers on this instance.
	 * @param roomId the room
	 * @param typistId who types: their own sessions do not get it
	 * @param body the signal as JSON
	 */
	public void deliver(String roomId, String typistId, String body) {
		RoomSubscriptions.Subscriber[] subscribers = this.subscriptions.of(roomId + SUFFIX);
		if (subscribers.length == 0) {
			return;
		}
		String tail = MessageFrames.tail(body);
		for (RoomSubscriptions.Subscriber subscriber : subscribers) {
			if (subscriber.userId().equals(typistId) || !this.rooms.isMember(roomId, subscriber.userId())) {
				continue;
			}
			if (this.sessions.send(subscriber.sessionId(),
					MessageFrames.frame(subscriber.frameHead(), -this.messageIds.incrementAndGet(), tail))) {
				this.delivered.increment();
			}
		}
	}

}
