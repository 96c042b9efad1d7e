package dev.roomcast.gateway.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.roomcast.testsupport.stomp.StompTestClient;
import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.Topics;
import dev.roomcast.testsupport.kafka.TopicReader;
import dev.roomcast.gateway.realtime.RealtimeFixture.Seat;
import dev.roomcast.gateway.realtime.RealtimeFixture.User;
import dev.roomcast.gateway.websocket.ClientSessions;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.roomcast.gateway.realtime.RealtimeFixture.assertError;
import static dev.roomcast.gateway.realtime.RealtimeFixture.publish;
import static dev.roomcast.gateway.realtime.RealtimeFixture.publishRoom;
import static dev.roomcast.gateway.realtime.RealtimeFixture.roomEvent;
import static dev.roomcast.gateway.realtime.RealtimeFixture.subscribeToRoom;
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
class ClientLimitsIntegrationTests {

	private static final EventSerde<MessageSubmitted> SUBMITTED = EventSerde.of(MessageSubmitted.class);

	@RegisterExtension
	static final RealtimeFixture fixture = new RealtimeFixture("room-events-fan-out");

	@Autowired
	ClientSessions clientSessions;

	@BeforeEach
	void noConnectionsLeft() {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.clientSessions.count() == 0);
	}

	@Test
	void refusesTheHandshakeBeyondTheConnectionLimitWith503AndKeepsServingTheOthers() throws Exception {
		List<User> users = List.of(fixture.user("a"), fixture.user("b"), fixture.user("c"));
		String roomId = fixture.room(users.toArray(User[]::new));
		List<List<JsonNode>> received = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			StompTestClient client = fixture.connect(users.get(i % 3));
			List<JsonNode> messages = subscribeToRoom(client, roomId);
			received.add(messages);
		}
		assertThat(this.clientSessions.count()).isEqualTo(6);

		try (RawWebSocket refused = RawWebSocket.open(fixture.port(), fixture.user("d").cookie(),
				RealtimeFixture.ORIGIN, 0)) {
			assertThat(refused.status).isEqualTo(503);
			assertThat(refused.response).containsIgnoringCase("Retry-After: ")
				.contains("application/problem+json")
				.contains("connection limit (6)");
		}

		publish(roomEvent(roomId, 1, users.get(0), "still served", HashChain.GENESIS));
		await().atMost(Duration.ofSeconds(30)).until(() -> received.stream().allMatch((list) -> list.size() == 1));
		assertThat(fixture.clients()).allMatch(StompTestClient::isConnected);
		assertThat(fixture.metrics())
			.contains("roomcast_websocket_refused_total{application=\"gateway\",reason=\"instance\"}")
			.contains("roomcast_websocket_sessions_limit");
	}

	@Test
	void refusesAUsersConnectionBeyondTheirLimitWith429() throws Exception {
		User alice = fixture.user("alice");
		fixture.connect(alice);
		fixture.connect(fixture.otherSession(alice));

		try (RawWebSocket refused = RawWebSocket.open(fixture.port(), alice.cookie(), RealtimeFixture.ORIGIN, 0)) {
			assertThat(refused.status).isEqualTo(429);
			assertThat(refused.response).contains("Too many connections for this user: at most 2");
		}
		assertThat(fixture.clients()).allMatch(StompTestClient::isConnected);
		assertThat(fixture.metrics())
			.contains("roomcast_websocket_refused_total{application=\"gateway\",reason=\"per-user\"}");
	}

	@Test
	void refusesRoomSubscriptionsBeyondTheLimitPerConnection() throws Exception {
		User alice = fixture.user("alice");
		StompTestClient client = fixture.connect(alice);
		for (int i = 0; i < 3; i++) {
			client.subscribed("/topic/rooms/" + fixture.room(alice), new ArrayList<>());
		}

		assertThat(client.subscribe("/topic/rooms/" + fixture.room(alice), new ArrayList<>()).get(30, TimeUnit.SECONDS))
			.isFalse();

		assertError(client, "TOO_MANY_SUBSCRIPTIONS");
		assertThat(client.isConnected()).isTrue();
		assertThat(fixture.metrics()).contains(
				"roomcast_subscriptions_refused_total{application=\"gateway\",reason=\"TOO_MANY_SUBSCRIPTIONS\"}");
	}

	@Test
	void rateLimitsSubscribeFramesPerConnection() throws Exception {
		User alice = fixture.user("alice");
		StompTestClient client = fixture.connect(alice);
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
		Seat mallory = fixture.outsideNewRoom("mallory");
		String mallorysRoom = fixture.room(mallory.user());
		StompTestClient client = mallory.client();
		List<CompletableFuture<Boolean>> refused = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			refused.add(client.subscribe("/topic/rooms/" + mallory.roomId(), new ArrayList<>()));
		}

		// each refusal waits 2 s for the directory: had the frames' thread waited, this
		// receipt would come after 10 s and after the five refusals
		assertThat(client.subscribe("/topic/rooms/" + mallorysRoom, new ArrayList<>()).get(30, TimeUnit.SECONDS))
			.isTrue();
		assertRefusedLater(client, refused);
	}

	@Test
	void refusesSendsToOtherRoomsWithoutHoldingTheConnectionsOtherFrames() throws Exception {
		Seat mallory = fixture.outsideNewRoom("mallory");
		StompTestClient client = mallory.client();
		List<CompletableFuture<Boolean>> refused = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			refused.add(client.send(mallory.roomId(), UUID.randomUUID().toString(), "let me in"));
		}

		// each refusal waits 2 s for the directory: had the frames' thread waited, this
		// receipt would come after 10 s and after the five refusals
		assertThat(client.subscribe("/user/queue/errors", new ArrayList<>()).get(30, TimeUnit.SECONDS)).isTrue();
		assertRefusedLater(client, refused);
	}

	@Test
	void acceptsSendsToARoomThatReachesTheDirectoryAMomentLaterInTheirOrder() throws Exception {
		User alice = fixture.user("alice");
		StompTestClient client = fixture.connect(alice);
		String roomId = UUID.randomUUID().toString();
		List<String> messageIds = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
				UUID.randomUUID().toString());

		List<CompletableFuture<Boolean>> receipts = messageIds.stream()
			.map((messageId) -> client.send(roomId, messageId, "early"))
			.toList();
		publishRoom(roomId, alice);

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
		User alice = fixture.user("alice");
		StompTestClient client = fixture.connect(alice);
		String roomId = UUID.randomUUID().toString();

		CompletableFuture<Boolean> receipt = client.subscribe("/topic/rooms/" + roomId, new ArrayList<>());
		publishRoom(roomId, alice);

		assertThat(receipt.get(30, TimeUnit.SECONDS)).isTrue();
		assertThat(client.errors()).isEmpty();
	}

	private static void assertRefusedLater(StompTestClient client, List<CompletableFuture<Boolean>> refused)
			throws Exception {
		assertThat(client.errors()).isEmpty();
		await().atMost(Duration.ofSeconds(30)).until(() -> client.errors().size() == refused.size());
		assertThat(client.errors()).allMatch((error) -> error.get("code").asString().equals("NOT_A_MEMBER"));
		for (CompletableFuture<Boolean> receipt : refused) {
			assertThat(receipt.get(30, TimeUnit.SECONDS)).isFalse();
		}
	}

}
