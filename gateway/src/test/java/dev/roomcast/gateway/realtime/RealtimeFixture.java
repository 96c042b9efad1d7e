package dev.roomcast.gateway.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.roomcast.testsupport.stomp.StompTestClient;
import dev.roomcast.events.EventJson;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomDirectory;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.RoomSnapshot;
import dev.roomcast.events.Topics;
import dev.roomcast.session.SessionUser;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import static org.awaitility.Awaitility.await;

/**
 * Users with sessions in Redis as account-service writes them, rooms in
 * {@code account.rooms}, room events in {@code chat.room-events}: what the gateway's
 * real-time tests set up against the real servers.
 */
final class RealtimeFixture implements AutoCloseable {

	static final String ORIGIN = "http://app.test";

	/** How long a client waits for a RECEIPT before it counts as refused. */
	static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(3);

	private final SessionRepository<? extends Session> sessions;

	private final RoomDirectory directory;

	private final KafkaTemplate<String, byte[]> kafka;

	RealtimeFixture(SessionRepository<? extends Session> sessions, RoomDirectory directory, String bootstrapServers) {
		this.sessions = sessions;
		this.directory = directory;
		this.kafka = new KafkaTemplate<>(
				new DefaultKafkaProducerFactory<>(Map.of("bootstrap.servers", bootstrapServers, "linger.ms", 5),
						new StringSerializer(), new ByteArraySerializer()));
	}

	User user(String name) {
		return user(name, null);
	}

	/** A user signed in with a new session, idling out after the given time. */
	User user(String name, Duration maxInactive) {
		String id = UUID.randomUUID().toString();
		return session(new SessionUser(id, name + "-" + id, name + " " + id), maxInactive);
	}

	/** Another session of the same user (signed in elsewhere). */
	User otherSession(User user) {
		return session(new SessionUser(user.id(), user.id(), user.id()), null);
	}

	private User session(SessionUser user, Duration maxInactive) {
		String csrf = UUID.randomUUID().toString();
		String sessionId = saveSession(this.sessions, user, maxInactive);
		return new User(user.id(), sessionId,
				"SESSION=" + Base64.getEncoder().encodeToString(sessionId.getBytes()) + "; XSRF-TOKEN=" + csrf, csrf);
	}

	private static <S extends Session> String saveSession(SessionRepository<S> repository, SessionUser user,
			Duration maxInactive) {
		S session = repository.createSession();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(user.toAuthentication());
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
		session.setAttribute(SessionUser.USERNAME_ATTRIBUTE, user.username());
		session.setAttribute(SessionUser.DISPLAY_NAME_ATTRIBUTE, user.displayName());
		if (maxInactive != null) {
			session.setMaxInactiveInterval(maxInactive);
		}
		repository.save(session);
		return session.getId();
	}

	String room(User... members) throws Exception {
		String roomId = UUID.randomUUID().toString();
		publishRoom(roomId, members);
		List<String> memberIds = Arrays.stream(members).map(User::id).toList();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> memberIds.stream().allMatch((member) -> this.directory.isMember(roomId, member)));
		return roomId;
	}

	void publishRoom(String roomId, User... members) throws Exception {
		List<String> memberIds = Arrays.stream(members).map(User::id).toList();
		publish(Topics.ACCOUNT_ROOMS, roomId,
				new RoomSnapshot(RoomSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(), roomId,
						RoomSnapshot.Kind.GROUP, "room", memberIds.get(0), memberIds, 1));
	}

	void publish(String topic, String key, Object event) throws Exception {
		this.kafka.send(topic, key, EventJson.mapper().writeValueAsBytes(event)).get(30, TimeUnit.SECONDS);
	}

	/** Publishes events without waiting for each acknowledgement; flushes at the end. */
	void publishAll(List<RoomEvent> events) throws Exception {
		for (RoomEvent event : events) {
			this.kafka.send(Topics.CHAT_ROOM_EVENTS, event.roomId(), EventJson.mapper().writeValueAsBytes(event));
		}
		this.kafka.flush();
	}

	/** A chain of events seq 1..count in a room. */
	static List<RoomEvent> roomEvents(String roomId, User sender, int count, String text) {
		List<RoomEvent> events = new java.util.ArrayList<>();
		String prevHash = HashChain.GENESIS;
		for (int seq = 1; seq <= count; seq++) {
			RoomEvent event = roomEvent(roomId, seq, sender, text, prevHash);
			events.add(event);
			prevHash = event.hash();
		}
		return events;
	}

	static RoomEvent roomEvent(String roomId, long seq, User sender, String text, String prevHash) {
		Instant sentAt = Instant.now().minusMillis(5);
		RoomEvent unhashed = new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
				RoomEvent.Type.MESSAGE, roomId, seq, UUID.randomUUID().toString(), sender.id(), "Sender " + sender.id(),
				text, sentAt, prevHash, null);
		return new RoomEvent(unhashed.schemaVersion(), unhashed.eventId(), unhashed.occurredAt(), unhashed.type(),
				roomId, seq, unhashed.messageId(), unhashed.senderId(), unhashed.senderName(), text, sentAt, prevHash,
				HashChain.hash(prevHash, unhashed));
	}

	/**
	 * Whether the fan-out reads {@code chat.room-events} from its end yet: events
	 * published before that may be missed.
	 */
	static boolean fanOutPositioned(io.micrometer.core.instrument.MeterRegistry registry) {
		io.micrometer.core.instrument.Gauge gauge = registry.find("roomcast.kafka.listener.positioned")
			.tag("listener", "room-events-fan-out")
			.gauge();
		return gauge != null && gauge.value() == 1;
	}

	@Override
	public void close() {
		this.kafka.destroy();
	}

	record User(String id, String sessionId, String cookie, String csrf) {

		String maskedCsrf() {
			return StompTestClient.masked(this.csrf);
		}

		StompTestClient connect(int port) throws Exception {
			return StompTestClient.connect("http://localhost:" + port,
					new StompTestClient.Handshake(ORIGIN, this.cookie, maskedCsrf()), RECEIPT_TIMEOUT);
		}

	}

}
