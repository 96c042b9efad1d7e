package dev.roomcast.gateway.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.roomcast.events.EventJson;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomDirectory;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.RoomSnapshot;
import dev.roomcast.events.Topics;
import dev.roomcast.session.SessionUser;
import dev.roomcast.testsupport.http.HttpProbe;
import dev.roomcast.testsupport.kafka.TopicReader;
import dev.roomcast.testsupport.session.StoredSessions;
import dev.roomcast.testsupport.stomp.StompTestClient;
import dev.roomcast.testsupport.stomp.StompTestClient.Handshake;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationContext;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Users with sessions in Redis as account-service writes them, rooms in
 * {@code account.rooms}, room events in {@code chat.room-events}, STOMP clients on
 * {@code /ws}: what the gateway's real-time tests set up against the real servers.
 * Registered as a static {@code @RegisterExtension}, it takes its beans from the test's
 * Spring context, waits before each test until the named Kafka listeners are positioned
 * and closes the test's clients after it.
 */
final class RealtimeFixture implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

	static final String ORIGIN = "http://app.test";

	/** How long a client waits for a RECEIPT before it counts as refused. */
	static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(3);

	private final List<String> listeners;

	private final List<StompTestClient> clients = new CopyOnWriteArrayList<>();

	private SessionRepository<? extends Session> sessions;

	private RoomDirectory directory;

	private MeterRegistry registry;

	private int port;

	private int managementPort;

	/**
	 * A fixture that waits before each test until these listeners are positioned.
	 * @param listeners names of the gateway's Kafka listeners the tests need
	 */
	RealtimeFixture(String... listeners) {
		this.listeners = List.of(listeners);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		ApplicationContext application = SpringExtension.getApplicationContext(context);
		this.sessions = application.getBean(SessionRepository.class);
		this.directory = application.getBean(RoomDirectory.class);
		this.registry = application.getBean(MeterRegistry.class);
		this.port = application.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		this.managementPort = application.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.listeners.stream().allMatch(this::positioned));
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.clients.forEach(StompTestClient::close);
		this.clients.clear();
	}

	private boolean positioned(String listener) {
		Gauge gauge = this.registry.find("roomcast.kafka.listener.positioned").tag("listener", listener).gauge();
		return gauge != null && gauge.value() == 1;
	}

	int port() {
		return this.port;
	}

	/** The gateway's session store, as account-service writes to it. */
	SessionRepository<? extends Session> sessions() {
		return this.sessions;
	}

	RoomDirectory directory() {
		return this.directory;
	}

	User user(String name) {
		return user(name, null);
	}

	/** A user signed in with a new session, idling out after the given time. */
	User user(String name, Duration maxInactive) {
		String id = UUID.randomUUID().toString();
		String displayName = Character.toUpperCase(name.charAt(0)) + name.substring(1) + " " + id;
		return session(new SessionUser(id, name + "-" + id, displayName), maxInactive);
	}

	/** Another session of the same user (signed in elsewhere). */
	User otherSession(User user) {
		return session(new SessionUser(user.id(), user.id(), user.id()), null);
	}

	private User session(SessionUser user, Duration maxInactive) {
		String csrf = UUID.randomUUID().toString();
		String sessionId = StoredSessions.signIn(this.sessions, user, maxInactive);
		return new User(user.id(), sessionId,
				"SESSION=" + StoredSessions.cookieValue(sessionId) + "; XSRF-TOKEN=" + csrf, csrf);
	}

	/** A STOMP client of the user, closed after the test. */
	StompTestClient connect(User user) {
		StompTestClient client = StompTestClient.connect(gatewayUrl(), user.handshake(), RECEIPT_TIMEOUT);
		this.clients.add(client);
		return client;
	}

	/** A new user connected, alone in a new room of theirs. */
	Seat inNewRoom(String name) {
		User user = user(name);
		return new Seat(user, room(user), connect(user));
	}

	/**
	 * New users, each connected, together in one new room (the first one its owner).
	 * @param names their names
	 * @return their seats, in the order of the names
	 */
	List<Seat> inNewRoomTogether(String... names) {
		List<User> users = Arrays.stream(names).map(this::user).toList();
		String roomId = room(users.toArray(User[]::new));
		return users.stream().map((user) -> new Seat(user, roomId, connect(user))).toList();
	}

	/** A new user connected, and a new room of another user's that they are not in. */
	Seat outsideNewRoom(String name) {
		User user = user(name);
		return new Seat(user, room(user("alice")), connect(user));
	}

	/** The clients this test connected. */
	List<StompTestClient> clients() {
		return this.clients;
	}

	/**
	 * Subscribes the client to a room and waits for the RECEIPT.
	 * @param client the client
	 * @param roomId the room
	 * @return every event delivered in the room from now on; a live view
	 */
	static List<JsonNode> subscribeToRoom(StompTestClient client, String roomId) {
		List<JsonNode> events = new CopyOnWriteArrayList<>();
		client.subscribed("/topic/rooms/" + roomId, events);
		return events;
	}

	/** What the gateway's Prometheus endpoint shows, on its management port. */
	String metrics() {
		return HttpProbe.get(this.managementPort, "/actuator/prometheus").body();
	}

	String gatewayUrl() {
		return "http://localhost:" + this.port;
	}

	/**
	 * A group room of these members (the first one its owner), once the gateway knows it.
	 */
	String room(User... members) {
		return room(UUID.randomUUID().toString(), members);
	}

	/** The group room of this id with these members, once the gateway knows it. */
	String room(String roomId, User... members) {
		publishRoom(roomId, members);
		List<String> memberIds = Arrays.stream(members).map(User::id).toList();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> memberIds.stream().allMatch((member) -> this.directory.isMember(roomId, member)));
		return roomId;
	}

	/** Publishes the snapshot of a room with these members at this version. */
	static void publishRoom(String roomId, long version, User... members) {
		List<String> memberIds = Arrays.stream(members).map(User::id).toList();
		TopicReader.publish(Topics.ACCOUNT_ROOMS, roomId,
				new RoomSnapshot(RoomSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(), roomId,
						RoomSnapshot.Kind.GROUP, "room", memberIds.get(0), memberIds, version));
	}

	static void publishRoom(String roomId, User... members) {
		publishRoom(roomId, 1, members);
	}

	/**
	 * Publishes a room event as chat-service would and waits for the ack.
	 * @param event the event
	 * @return the event
	 */
	static RoomEvent publish(RoomEvent event) {
		TopicReader.publish(Topics.CHAT_ROOM_EVENTS, event.roomId(), event);
		return event;
	}

	/** Publishes events without waiting for each acknowledgement; flushes at the end. */
	static void publishAll(List<RoomEvent> events) {
		for (RoomEvent event : events) {
			TopicReader.producer()
				.send(new ProducerRecord<>(Topics.CHAT_ROOM_EVENTS, event.roomId(),
						EventJson.mapper().writeValueAsBytes(event)));
		}
		TopicReader.producer().flush();
	}

	/** A chain of events seq 1..count in a room. */
	static List<RoomEvent> roomEvents(String roomId, User sender, int count, String text) {
		List<RoomEvent> events = new ArrayList<>();
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
		return unhashed.withIdAndHash(unhashed.eventId(), HashChain.hash(prevHash, unhashed));
	}

	/**
	 * Waits for the client's first error on {@code /user/queue/errors}.
	 * @param client the client
	 * @param code the error code it must have
	 * @return the error, which has a message
	 */
	static JsonNode assertError(StompTestClient client, String code) {
		await().atMost(Duration.ofSeconds(30)).until(() -> !client.errors().isEmpty());
		JsonNode error = client.errors().get(0);
		assertThat(error.get("code").asString()).isEqualTo(code);
		assertThat(error.get("message").asString()).isNotBlank();
		return error;
	}

	/**
	 * Waits for the client's first error, as
	 * {@link #assertError(StompTestClient, String)}, and checks the message it names.
	 * @param client the client
	 * @param code the error code it must have
	 * @param messageId the message it must name, or {@code null} for a refusal that names
	 * none
	 */
	static void assertError(StompTestClient client, String code, String messageId) {
		JsonNode error = assertError(client, code);
		if (messageId == null) {
			assertThat(error.get("messageId").isNull()).isTrue();
		}
		else {
			assertThat(error.get("messageId").asString()).isEqualTo(messageId);
		}
	}

	/** A connected user and the room a test is about: theirs, or someone else's. */
	record Seat(User user, String roomId, StompTestClient client) {

		/**
		 * Subscribes the client to the room and waits for the RECEIPT.
		 * @return every event delivered in the room from now on; a live view
		 */
		List<JsonNode> subscribeToRoom() {
			return RealtimeFixture.subscribeToRoom(this.client, this.roomId);
		}

		/** A message of this user in this room, hashed as chat-service orders it. */
		RoomEvent message(long seq, String text, String prevHash) {
			return roomEvent(this.roomId, seq, this.user, text, prevHash);
		}

	}

	record User(String id, String sessionId, String cookie, String csrf) {

		String maskedCsrf() {
			return StoredSessions.maskedCsrf(this.csrf);
		}

		/** From the allowed page, with the user's session and CSRF token. */
		Handshake handshake() {
			return new Handshake(ORIGIN, this.cookie, maskedCsrf());
		}

	}

}
