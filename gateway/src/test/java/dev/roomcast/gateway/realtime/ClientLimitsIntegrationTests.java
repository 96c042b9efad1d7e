package dev.roomcast.gateway.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.roomcast.testsupport.stomp.StompTestClient;
import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.RoomDirectory;
import dev.roomcast.events.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import dev.roomcast.gateway.realtime.RealtimeFixture.User;
import dev.roomcast.gateway.websocket.ClientSessions;
import dev.roomcast.testsupport.http.HttpProbe;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.kafka.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The limits that keep one client or one flood from starving a gateway: connections per
 * instance and per user, room subscriptions per connection, SUBSCRIBE frames per second,
 * and refusals that hold no thread. Small limits, so that a handful of clients reach
 * them.
 */
@RoomcastIntegrationTest(properties = { "roomcast.gateway.websocket.allowed-origins=" + RealtimeFixture.ORIGIN,
		"roomcast.gateway.websocket.max-connections=6", "roomcast.gateway.websocket.max-connections-per-user=2",
		"roomcast.gateway.websocket.max-subscriptions-per-session=3",
		"roomcast.gateway.websocket.subscribe-rate.burst=8", "roomcast.gateway.websocket.subscribe-rate.per-second=1",
		"roomcast.gateway.send.membership-wait=2s" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientLimitsIntegrationTests {

	private static final EventSerde<MessageSubmitted> SUBMITTED = EventSerde.of(MessageSubmitted.class);

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrapServers;

	@Autowired
	SessionRepository<? extends Session> sessions;

	@Autowired
	RoomDirectory directory;

	@Autowired
	MeterRegistry registry;

	@Autowired
	ClientSessions clientSessions;

	private RealtimeFixture fixture;

	private final List<StompTestClient> clients = new ArrayList<>();

	@BeforeAll
	void fixture() {
		this.fixture = new RealtimeFixture(this.sessions, this.directory, this.bootstrapServers);
	}

	@BeforeEach
	void noConnectionsLeft() {
		await().atMost(Duration.ofSeconds(30)).until(this::positioned);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.clientSessions.count() == 0);
	}

	@AfterEach
	void disconnect() {
		this.clients.forEach(StompTestClient::close);
		this.clients.clear();
	}

	@AfterAll
	void closeFixture() {
		this.fixture.close();
	}

	@Test
	void refusesTheHandshakeBeyondTheConnectionLimitWith503AndKeepsServingTheOthers() throws Exception {
		List<User> users = List.of(this.fixture.user("a"), this.fixture.user("b"), this.fixture.user("c"));
		String roomId = this.fixture.room(users.toArray(User[]::new));
		List<List<JsonNode>> received = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			StompTestClient client = connect(users.get(i % 3));
			List<JsonNode> messages = new CopyOnWriteArrayList<>();
			client.subscribed("/topic/rooms/" + roomId, messages);
			received.add(messages);
		}
		assertThat(this.clientSessions.count()).isEqualTo(6);

		try (RawWebSocket refused = RawWebSocket.open(this.port, this.fixture.user("d").cookie(),
				RealtimeFixture.ORIGIN, 0)) {
			assertThat(refused.status).isEqualTo(503);
			assertThat(refused.response).containsIgnoringCase("Retry-After: ")
				.contains("application/problem+json")
				.contains("connection limit (6)");
		}

		this.fixture.publish(Topics.CHAT_ROOM_EVENTS, roomId,
				RealtimeFixture.roomEvent(roomId, 1, users.get(0), "still served", HashChain.GENESIS));
		await().atMost(Duration.ofSeconds(30)).until(() -> received.stream().allMatch((list) -> list.size() == 1));
		assertThat(this.clients).allMatch(StompTestClient::isConnected);
		assertThat(HttpProbe.get(this.managementPort, "/actuator/prometheus").body())
			.contains("roomcast_websocket_refused_total{application=\"gateway\",reason=\"instance\"}")
			.contains("roomcast_websocket_sessions_limit");
	}

	@Test
	void refusesAUsersConnectionBeyondTheirLimitWith429() throws Exception {
		User alice = this.fixture.user("alice");
		connect(alice);
		connect(this.fixture.otherSession(alice));

		try (RawWebSocket refused = RawWebSocket.open(this.port, alice.cookie(), RealtimeFixture.ORIGIN, 0)) {
			assertThat(refused.status).isEqualTo(429);
			assertThat(refused.response).contains("Too many connections for this user: at most 2");
		}
		assertThat(this.clients).allMatch(StompTestClient::isConnected);
		assertThat(HttpProbe.get(this.managementPort, "/actuator/prometheus").body())
			.contains("roomcast_websocket_refused_total{application=\"gateway\",reason=\"per-user\"}");
	}

	@Test
	void refusesRoomSubscriptionsBeyondTheLimitPerConnection() throws Exception {
		User alice = this.fixture.user("alice");
		StompTestClient client = connect(alice);
		for (int i = 0; i < 3; i++) {
			client.subscribed("/topic/rooms/" + this.fixture.room(alice), new ArrayList<>());
		}

		assertThat(client.subscribe("/topic/rooms/" + this.fixture.room(alice), new ArrayList<>())
			.get(30, TimeUnit.SECONDS)).isFalse();

		assertError(client, "TOO_MANY_SUBSCRIPTIONS");
		assertThat(client.isConnected()).isTrue();
		assertThat(HttpProbe.get(this.managementPort, "/actuator/prometheus").body()).contains(
				"roomcast_subscriptions_refused_total{application=\"gateway\",reason=\"TOO_MANY_SUBSCRIPTIONS\"}");
	}

	@Test
	void rateLimitsSubscribeFramesPerConnection() throws Exception {
		User alice = this.fixture.user("alice");
		StompTestClient client = connect(alice);
		boolean refused = false;
		// every SUBSCRIBE counts, the first to the error queue too; 8 at once, then one
		// per second
		for (int i = 0; i < 20 && !refused; i++) {
			refused = !client.subscribe("/user/queue/errors", new ArrayList<>()).get(30, TimeUnit.SECONDS);
		}

		assertThat(refused).isTrue();
		assertError(client, "RATE_LIMITED");
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void refusesNonMembersWithoutHoldingTheConnectionsOtherFrames() throws Exception {
		User alice = this.fixture.user("alice");
		User mallory = this.fixture.user("mallory");
		String alicesRoom = this.fixture.room(alice);
		String mallorysRoom = this.fixture.room(mallory);
		StompTestClient client = connect(mallory);
		List<CompletableFuture<Boolean>> refused = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			refused.add(client.subscribe("/topic/rooms/" + alicesRoom, new ArrayList<>()));
		}

		// each refusal waits 2 s for the directory: had the frames' thread waited, this
		// receipt would come after 10 s and after the five refusals
		assertThat(client.subscribe("/topic/rooms/" + mallorysRoom, new ArrayList<>()).get(30, TimeUnit.SECONDS))
			.isTrue();
		assertRefusedLater(client, refused);
	}

	@Test
	void refusesSendsToOtherRoomsWithoutHoldingTheConnectionsOtherFrames() throws Exception {
		User alice = this.fixture.user("alice");
		User mallory = this.fixture.user("mallory");
		String alicesRoom = this.fixture.room(alice);
		StompTestClient client = connect(mallory);
		List<CompletableFuture<Boolean>> refused = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			refused.add(client.send(alicesRoom, UUID.randomUUID().toString(), "let me in"));
		}

		// each refusal waits 2 s for the directory: had the frames' thread waited, this
		// receipt would come after 10 s and after the five refusals
		assertThat(client.subscribe("/user/queue/errors", new ArrayList<>()).get(30, TimeUnit.SECONDS)).isTrue();
		assertRefusedLater(client, refused);
	}

	@Test
	void acceptsSendsToARoomThatReachesTheDirectoryAMomentLaterInTheirOrder() throws Exception {
		User alice = this.fixture.user("alice");
		StompTestClient client = connect(alice);
		String roomId = UUID.randomUUID().toString();
		List<String> messageIds = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
				UUID.randomUUID().toString());

		List<CompletableFuture<Boolean>> receipts = messageIds.stream()
			.map((messageId) -> client.send(roomId, messageId, "early"))
			.toList();
		this.fixture.publishRoom(roomId, alice);

		for (CompletableFuture<Boolean> receipt : receipts) {
			assertThat(receipt.get(30, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(client.errors()).isEmpty();
		assertThat(TopicReader
			.read(Topics.CHAT_INBOUND, (record) -> roomId.equals(record.key()), messageIds.size(),
					Duration.ofSeconds(30))
			.stream()
			.map((record) -> SUBMITTED.deserialize(Topics.CHAT_INBOUND, record.value()).messageId())).as("in order")
			.containsExactlyElementsOf(messageIds);
	}

	@Test
	void acceptsASubscriptionToARoomThatReachesTheDirectoryAMomentLater() throws Exception {
		User alice = this.fixture.user("alice");
		StompTestClient client = connect(alice);
		String roomId = UUID.randomUUID().toString();

		CompletableFuture<Boolean> receipt = client.subscribe("/topic/rooms/" + roomId, new ArrayList<>());
		this.fixture.publishRoom(roomId, alice);

		assertThat(receipt.get(30, TimeUnit.SECONDS)).isTrue();
		assertThat(client.errors()).isEmpty();
	}

	private StompTestClient connect(User user) throws Exception {
		StompTestClient client = user.connect(this.port);
		this.clients.add(client);
		return client;
	}

	/**
	 * No refusal yet; then each of the frames is refused as not a member, without a
	 * receipt.
	 */
	private static void assertRefusedLater(StompTestClient client, List<CompletableFuture<Boolean>> refused)
			throws Exception {
		assertThat(client.errors()).isEmpty();
		await().atMost(Duration.ofSeconds(30)).until(() -> client.errors().size() == refused.size());
		assertThat(client.errors()).allMatch((error) -> error.get("code").asString().equals("NOT_A_MEMBER"));
		for (CompletableFuture<Boolean> receipt : refused) {
			assertThat(receipt.get(30, TimeUnit.SECONDS)).isFalse();
		}
	}

	private static void assertError(StompTestClient client, String code) {
		await().atMost(Duration.ofSeconds(30)).until(() -> !client.errors().isEmpty());
		assertThat(client.errors().get(0).get("code").asString()).isEqualTo(code);
		assertThat(client.errors().get(0).get("message").asString()).isNotBlank();
	}

	private boolean positioned() {
		Gauge gauge = this.registry.find("roomcast.kafka.listener.positioned")
			.tag("listener", "room-events-fan-out")
			.gauge();
		return gauge != null && gauge.value() == 1;
	}

}
