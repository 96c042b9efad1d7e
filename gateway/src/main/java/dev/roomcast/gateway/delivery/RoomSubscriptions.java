package dev.roomcast.gateway.delivery;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * This gateway instance's subscriptions to {@code /topic/rooms/{roomId}}, kept here
 * rather than in Spring's simple broker so that a room event goes from the Kafka consumer
 * straight to the room's subscribers. Written by the client inbound threads
 * ({@link RoomSubscriptionGuard}), read on every room event by the fan-out: each room
 * holds an array that is replaced, never changed, on subscribe and unsubscribe.
 */
@Component
public class RoomSubscriptions {

	private static final Subscriber[] NONE = {};

	private final Map<String, Subscriber[]> rooms = new ConcurrentHashMap<>();

	/** sessionId → (subscriptionId → roomId), to clean up after a session. */
	private final Map<String, Map<String, String>> sessions = new ConcurrentHashMap<>();

	RoomSubscriptions(MeterRegistry registry) {
		Gauge.builder("roomcast.websocket.subscriptions", this, RoomSubscriptions::count)
			.description("Room subscriptions on this gateway instance")
			.register(registry);
	}

	void add(String roomId, String sessionId, String subscriptionId, String userId) {
		remove(sessionId, subscriptionId);
		this.sessions.computeIfAbsent(sessionId, (id) -> new ConcurrentHashMap<>()).put(subscriptionId, roomId);
		Subscriber subscriber = new Subscriber(sessionId, subscriptionId, userId,
				MessageFrames.head(roomId, sessionId, subscriptionId));
		this.rooms.merge(roomId, new Subscriber[] { subscriber }, RoomSubscriptions::concat);
	}

	void remove(String sessionId, String subscriptionId) {
		Map<String, String> subscriptions = this.sessions.get(sessionId);
		String roomId = (subscriptions != null) ? subscriptions.remove(subscriptionId) : null;
		if (roomId != null) {
			this.rooms.computeIfPresent(roomId, (id, subscribers) -> without(subscribers, sessionId, subscriptionId));
		}
	}

	void removeSession(String sessionId) {
		Map<String, String> subscriptions = this.sessions.remove(sessionId);
		if (subscriptions != null) {
			subscriptions.forEach((subscriptionId, roomId) -> this.rooms.computeIfPresent(roomId,
					(id, subscribers) -> without(subscribers, sessionId, subscriptionId)));
		}
	}

	/**
	 * How many room subscriptions a session holds.
	 * @param sessionId the session
	 * @return the count
	 */
	int count(String sessionId) {
		Map<String, String> subscriptions = this.sessions.get(sessionId);
		return (subscriptions != null) ? subscriptions.size() : 0;
	}

	/**
	 * Whether a session holds a subscription of that id.
	 * @param sessionId the session
	 * @param subscriptionId the client's id of the subscription
	 * @return whether it does
	 */
	boolean has(String sessionId, String subscriptionId) {
		Map<String, String> subscriptions = this.sessions.get(sessionId);
		return subscriptions != null && subscriptions.containsKey(subscriptionId);
	}

	Subscriber[] of(String roomId) {
		return this.rooms.getOrDefault(roomId, NONE);
	}

	int count() {
		return this.rooms.values().stream().mapToInt((subscribers) -> subscribers.length).sum();
	}

	private static Subscriber[] concat(Subscriber[] subscribers, Subscriber[] more) {
		Subscriber[] all = Arrays.copyOf(subscribers, subscribers.length + more.length);
		System.arraycopy(more, 0, all, subscribers.length, more.length);
		return all;
	}

	private static Subscriber[] without(Subscriber[] subscribers, String sessionId, String subscriptionId) {
		Subscriber[] rest = Arrays.stream(subscribers)
			.filter((subscriber) -> !(subscriber.sessionId().equals(sessionId)
					&& subscriber.subscriptionId().equals(subscriptionId)))
			.toArray(Subscriber[]::new);
		return (rest.length > 0) ? rest : null;
	}

	/**
	 * One subscription of one session.
	 *
	 * @param sessionId the WebSocket (and STOMP) session
	 * @param subscriptionId the client's {@code id} of the subscription
	 * @param userId the subscribed user
	 * @param frameHead the start of each MESSAGE frame for this subscription, up to the
	 * message-id's per-frame suffix
	 */
	record Subscriber(String sessionId, String subscriptionId, String userId, String frameHead) {

	}

}
