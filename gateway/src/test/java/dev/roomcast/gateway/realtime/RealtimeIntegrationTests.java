package dev.roomcast.gateway.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.roomcast.events.EventJson;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.MessageRejected;
import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import dev.roomcast.gateway.realtime.RealtimeFixture.Seat;
import dev.roomcast.gateway.realtime.RealtimeFixture.User;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.kafka.TopicReader;
import dev.roomcast.testsupport.kafka.TopicWatcher;
import dev.roomcast.testsupport.servers.TestInfrastructure;
import dev.roomcast.testsupport.stomp.StompTestClient.Handshake;
import dev.roomcast.testsupport.session.StoredSessions;
import dev.roomcast.testsupport.stomp.StompTestClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;

import static dev.roomcast.gateway.realtime.RealtimeFixture.assertError;
import static dev.roomcast.gateway.realtime.RealtimeFixture.publish;
import static dev.roomcast.gateway.realtime.RealtimeFixture.publishRoom;
import static dev.roomcast.gateway.realtime.RealtimeFixture.roomEvent;
import static dev.roomcast.gateway.realtime.RealtimeFixture.subscribeToRoom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * The gateway's real-time side against the real Kafka and Redis: sessions written into
 * Redis as account-service writes them, rooms fed into {@code account.rooms}, a real
 * STOMP client on {@code /ws}. The allowed origin, the send rate limit (5 an hour) and
 * the membership wait (300 ms) it relies on are in {@code application-test.yml}.
 */
@RoomcastIntegrationTest
class RealtimeIntegrationTests {

	@RegisterExtension
	static final RealtimeFixture fixture = new RealtimeFixture("room-events-fan-out", "notices");

	@RegisterExtension
	final TopicWatcher<MessageSubmitted> inbound = TopicWatcher.of(Topics.CHAT_INBOUND, MessageSubmitted.class,
			MessageSubmitted::roomId);

	@Test
	void refusesHandshakeWithoutSession() throws Exception {
		try (RawWebSocket socket = RawWebSocket.open(fixture.port(), "", RealtimeFixture.ORIGIN, 0)) {
			assertThat(socket.status).isEqualTo(401);
		}
	}

	@Test
	void refusesHandshakeFromForeignOrigin() throws Exception {
		User alice = fixture.user("alice");
		try (RawWebSocket socket = RawWebSocket.open(fixture.port(), alice.cookie(), "http://evil.example", 0)) {
			assertThat(socket.status).isEqualTo(403);
		}
	}

	@Test
	void refusesConnectWithoutCsrfToken() {
		User alice = fixture.user("alice");
		List<StompHeaders> errorFrames = new CopyOnWriteArrayList<>();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(
				() -> connectAsync(alice.handshake().withCsrfToken(null), errorFrames).get(10, TimeUnit.SECONDS));
		await().atMost(Duration.ofSeconds(5)).until(() -> !errorFrames.isEmpty());
	}

	@Test
	void refusesConnectWithWrongCsrfToken() {
		User alice = fixture.user("alice");
		List<StompHeaders> errorFrames = new CopyOnWriteArrayList<>();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> connectAsync(
				alice.handshake().withCsrfToken(StoredSessions.maskedCsrf(UUID.randomUUID().toString())), errorFrames)
			.get(10, TimeUnit.SECONDS));
		await().atMost(Duration.ofSeconds(5)).until(() -> !errorFrames.isEmpty());
	}

	@Test
	void storesAMemberSendInChatInboundBeforeTheReceipt() throws Exception {
		Seat alice = fixture.inNewRoom("alice");
		String messageId = UUID.randomUUID().toString();

		assertThat(alice.client().send(alice.roomId(), messageId, "hello").get(10, TimeUnit.SECONDS)).isTrue();

		MessageSubmitted message = this.inbound.await((submitted) -> submitted.messageId().equals(messageId));
		assertThat(message.roomId()).isEqualTo(alice.roomId());
		assertThat(message.senderId()).isEqualTo(alice.user().id());
		assertThat(message.senderName()).isEqualTo("Alice " + alice.user().id());
		assertThat(message.text()).isEqualTo("hello");
		assertThat(message.schemaVersion()).isEqualTo(MessageSubmitted.SCHEMA_VERSION);
		assertThat(message.occurredAt()).isBeforeOrEqualTo(Instant.now());
		assertThat(alice.client().errors()).isEmpty();
		assertThat(fixture.metrics()).contains("roomcast_messages_submitted_total");
	}

	@Test
	void refusesSendFromNonMember() throws Exception {
		Seat mallory = fixture.outsideNewRoom("mallory");
		String messageId = UUID.randomUUID().toString();

		assertThat(mallory.client().send(mallory.roomId(), messageId, "let me in").get(15, TimeUnit.SECONDS)).isFalse();

		assertRefused(mallory.client(), "NOT_A_MEMBER", messageId);
	}

	@Test
	void refusesTooLongText() throws Exception {
		Seat alice = fixture.inNewRoom("alice");
		String messageId = UUID.randomUUID().toString();

		alice.client().send(alice.roomId(), messageId, "x".repeat(4001));

		assertRefused(alice.client(), "INVALID_TEXT", messageId);
	}

	@Test
	void refusesTextThatIsNoJsonStringAsInvalidText() throws Exception {
		Seat alice = fixture.inNewRoom("alice");
		StompTestClient client = alice.client();
		List<String> messageIds = new ArrayList<>();

		for (Object text : List.of(1, true, 1.5, Map.of("$gt", ""), List.of("x"))) {
			String messageId = UUID.randomUUID().toString();
			messageIds.add(messageId);
			client.send(alice.roomId(), Map.of("messageId", messageId, "text", text));
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> client.errors().size() == messageIds.size());
		assertThat(client.errors())
			.allSatisfy((error) -> assertThat(error.get("code").asString()).isEqualTo("INVALID_TEXT"));
		assertThat(client.errors()).map((error) -> error.get("messageId").asString())
			.containsExactlyInAnyOrderElementsOf(messageIds);
		assertNeverSubmitted(messageIds.get(0));
		assertThat(this.inbound.seen()).noneMatch((message) -> messageIds.contains(message.messageId()));
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void acceptsTextAtTheLimitCountedInCodePoints() throws Exception {
		Seat alice = fixture.inNewRoom("alice");

		assertThat(alice.client()
			.send(alice.roomId(), UUID.randomUUID().toString(), "\uD83D\uDE02".repeat(4000))
			.get(15, TimeUnit.SECONDS)).isTrue();
	}

	static Stream<Arguments> malformedBodies() {
		return Stream.of(argumentSet("a messageId that is no UUID", Map.of("messageId", "not-a-uuid", "text", "hello")),
				argumentSet("a body that is no JSON object", List.of("not", "an", "object")));
	}

	@ParameterizedTest
	@MethodSource("malformedBodies")
	void refusesAMalformedBodyWithoutNamingAMessageAndStaysConnected(Object body) throws Exception {
		Seat alice = fixture.inNewRoom("alice");
		StompTestClient client = alice.client();

		client.send(alice.roomId(), body);

		assertError(client, "MALFORMED", null);
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void rateLimitsSendsPerUser() throws Exception {
		Seat alice = fixture.inNewRoom("alice");
		StompTestClient client = alice.client();
		for (int i = 0; i < 5; i++) {
			assertThat(
					client.send(alice.roomId(), UUID.randomUUID().toString(), "burst " + i).get(10, TimeUnit.SECONDS))
				.isTrue();
		}
		String messageId = UUID.randomUUID().toString();

		assertThat(client.send(alice.roomId(), messageId, "one too many").get(15, TimeUnit.SECONDS)).isFalse();

		assertRefused(client, "RATE_LIMITED", messageId);
	}

	@Test
	void refusesSubscriptionToAnotherUsersRoomButStaysConnected() throws Exception {
		Seat mallory = fixture.outsideNewRoom("mallory");
		StompTestClient client = mallory.client();

		assertThat(client.subscribe("/topic/rooms/" + mallory.roomId(), new ArrayList<>()).get(15, TimeUnit.SECONDS))
			.isFalse();

		assertError(client, "NOT_A_MEMBER", null);
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void deniesDestinationsOutsideTheProtocol() throws Exception {
		StompTestClient client = fixture.connect(fixture.user("alice"));

		client.subscribe("/topic/anything", new ArrayList<>());

		await().atMost(Duration.ofSeconds(10)).until(() -> !client.errorFrames().isEmpty());
	}

	@Test
	void deliversRoomEventsToSubscribersOfThatRoomOnly() throws Exception {
		Seat alice = fixture.inNewRoom("alice");
		Seat bob = fixture.inNewRoom("bob");
		List<JsonNode> aliceMessages = alice.subscribeToRoom();
		List<JsonNode> bobMessages = bob.subscribeToRoom();

		RoomEvent first = publish(alice.message(1, "first", HashChain.GENESIS));
		publish(alice.message(2, "second", first.hash()));
		publish(bob.message(1, "for bob", HashChain.GENESIS));

		await().atMost(Duration.ofSeconds(10)).until(() -> aliceMessages.size() == 2 && bobMessages.size() == 1);
		JsonNode delivered = aliceMessages.get(0);
		assertThat(delivered.propertyNames()).containsExactlyInAnyOrder("type", "roomId", "seq", "messageId",
				"senderId", "senderName", "text", "sentAt", "prevHash", "hash", "memberId", "memberName", "targetSeq");
		assertThat(delivered.get("type").asString()).isEqualTo("MESSAGE");
		assertThat(delivered.get("roomId").asString()).isEqualTo(alice.roomId());
		assertThat(delivered.get("seq").asLong()).isEqualTo(1);
		assertThat(delivered.get("messageId").asString()).isEqualTo(first.messageId());
		assertThat(delivered.get("senderId").asString()).isEqualTo(alice.user().id());
		assertThat(delivered.get("senderName").asString()).isEqualTo(first.senderName());
		assertThat(delivered.get("text").asString()).isEqualTo("first");
		assertThat(Instant.parse(delivered.get("sentAt").asString())).isEqualTo(first.sentAt());
		assertThat(delivered.get("prevHash").asString()).isEqualTo(HashChain.GENESIS);
		assertThat(delivered.get("hash").asString()).isEqualTo(first.hash());
		assertThat(aliceMessages.get(1).get("seq").asLong()).isEqualTo(2);
		assertThat(bobMessages).singleElement()
			.satisfies((message) -> assertThat(message.get("text").asString()).isEqualTo("for bob"));
		assertThat(fixture.metrics()).contains("roomcast_messages_delivered_total")
			.contains("roomcast_delivery_latency_seconds_bucket")
			.contains("roomcast_websocket_sessions")
			.contains("roomcast_websocket_subscriptions");
	}

	@Test
	void deliversMembershipChangesWithTheirTypeBetweenMessages() throws Exception {
		User alice = fixture.user("alice");
		User bob = fixture.user("bob");
		String room = fixture.room(alice, bob);
		StompTestClient client = fixture.connect(alice);
		List<JsonNode> messages = subscribeToRoom(client, room);
		RoomEvent first = roomEvent(room, 1, alice, "hi", HashChain.GENESIS);
		RoomEvent unhashed = new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
				RoomEvent.Type.MEMBER_ADDED, room, 2, UUID.randomUUID().toString(), alice.id(), "Alice", null,
				Instant.now(), first.hash(), null, bob.id(), "Bob");
		RoomEvent added = unhashed.withIdAndHash(unhashed.eventId(), HashChain.hash(first.hash(), unhashed));
		publish(first);
		publish(added);
		publish(roomEvent(room, 3, alice, "welcome", added.hash()));

		await().atMost(Duration.ofSeconds(30)).until(() -> messages.size() == 3);
		assertThat(messages).extracting((message) -> message.get("type").asString())
			.containsExactly("MESSAGE", "MEMBER_ADDED", "MESSAGE");
		JsonNode membership = messages.get(1);
		assertThat(membership.get("seq").asLong()).isEqualTo(2);
		assertThat(membership.get("senderId").asString()).isEqualTo(alice.id());
		assertThat(membership.get("memberId").asString()).isEqualTo(bob.id());
		assertThat(membership.get("memberName").asString()).isEqualTo("Bob");
		assertThat(membership.get("text").isNull()).isTrue();
		assertThat(membership.get("hash").asString()).isEqualTo(added.hash());
	}

	@Test
	void stopsDeliveringToASubscriptionAfterUnsubscribeAndForgetsAClosedSession() throws Exception {
		Seat alice = fixture.inNewRoom("alice");
		StompTestClient client = alice.client();
		List<JsonNode> unsubscribed = new CopyOnWriteArrayList<>();
		List<JsonNode> kept = new CopyOnWriteArrayList<>();
		StompSession.Subscription first = client.subscribed("/topic/rooms/" + alice.roomId(), unsubscribed);
		client.subscribed("/topic/rooms/" + alice.roomId(), kept);
		RoomEvent one = alice.message(1, "one", HashChain.GENESIS);
		publish(one);
		await().atMost(Duration.ofSeconds(10)).until(() -> unsubscribed.size() == 1 && kept.size() == 1);

		first.unsubscribe();
		// frames of a session are handled in order: this receipt follows the UNSUBSCRIBE
		client.subscribed("/user/queue/errors", new CopyOnWriteArrayList<>());
		publish(alice.message(2, "two", one.hash()));

		// both subscriptions share the session's one ordered queue: had the first still
		// been there, its copy would have come first
		await().atMost(Duration.ofSeconds(10)).until(() -> kept.size() == 2);
		assertThat(unsubscribed).hasSize(1);
		client.close();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> fixture.metrics(),
					(body) -> Pattern.compile("roomcast_websocket_subscriptions\\{[^}]*\\} 0\\.0")
						.matcher(body)
						.find());
	}

	@Test
	void deliversBeforeChatServiceCommitsAndOnceWhenAnAbortedTransactionIsRetried() throws Exception {
		Seat alice = fixture.inNewRoom("alice");
		List<JsonNode> messages = alice.subscribeToRoom();
		RoomEvent first = alice.message(1, "first", HashChain.GENESIS);
		RoomEvent second = alice.message(2, "second", first.hash());
		RoomEvent phantom = alice.message(3, "phantom", second.hash());
		RoomEvent third = alice.message(3, "third", second.hash());
		RoomEvent fourth = alice.message(4, "fourth", third.hash());

		try (KafkaProducer<String, byte[]> chatService = transactionalProducer()) {
			chatService.beginTransaction();
			sendRoomEvents(chatService, first, second, phantom);
			// delivered while the transaction is still open: live delivery does not wait
			// for the commit
			await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 3);
			chatService.abortTransaction();
			chatService.beginTransaction();
			sendRoomEvents(chatService, first, second, third, fourth);
			chatService.commitTransaction();
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 5);
		assertThat(messages).extracting((message) -> message.get("seq").asLong()).containsExactly(1L, 2L, 3L, 3L, 4L);
		assertThat(messages).extracting((message) -> message.get("text").asString())
			.containsExactly("first", "second", "phantom", "third", "fourth");
		assertThat(fixture.metrics()).containsPattern("roomcast_room_events_repeats_total\\{[^}]*\\} [1-9]")
			.containsPattern("roomcast_room_events_corrections_total\\{[^}]*\\} [1-9]");
	}

	@Test
	void stopsDeliveringToAUserRemovedFromTheRoom() throws Exception {
		List<Seat> seats = fixture.inNewRoomTogether("alice", "bob");
		Seat alice = seats.get(0);
		Seat bob = seats.get(1);
		List<JsonNode> aliceMessages = alice.subscribeToRoom();
		List<JsonNode> bobMessages = bob.subscribeToRoom();
		publishRoom(alice.roomId(), 2, alice.user());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !fixture.directory().isMember(alice.roomId(), bob.user().id()));

		publish(alice.message(1, "after bob left", HashChain.GENESIS));

		await().atMost(Duration.ofSeconds(10)).until(() -> aliceMessages.size() == 1);
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(bobMessages::isEmpty);
		assertThat(fixture.metrics()).containsPattern("roomcast_deliveries_withheld_total\\{[^}]*\\} [1-9]");
	}

	@Test
	void skipsUnreadableRoomEventsAndKeepsDelivering() throws Exception {
		Seat alice = fixture.inNewRoom("alice");
		List<JsonNode> messages = alice.subscribeToRoom();

		TopicReader.send(Topics.CHAT_ROOM_EVENTS, alice.roomId(), "{not json".getBytes(StandardCharsets.UTF_8));
		publish(alice.message(1, "after poison", HashChain.GENESIS));

		await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 1);
		assertThat(messages.get(0).get("text").asString()).isEqualTo("after poison");
		assertThat(fixture.metrics())
			.contains("roomcast_kafka_records_skipped_total{application=\"gateway\",topic=\"chat.room-events\"}");
	}

	@Test
	void forwardsChatServiceRejectionsToTheUsersErrorQueue() throws Exception {
		Seat alice = fixture.inNewRoom("alice");
		String messageId = UUID.randomUUID().toString();

		TopicReader.publish(Topics.CHAT_NOTICES, alice.user().id(),
				new MessageRejected(MessageRejected.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
						alice.user().id(), alice.roomId(), messageId, MessageRejected.Reason.NOT_A_MEMBER,
						"You left the room"));

		assertError(alice.client(), "NOT_A_MEMBER", messageId);
		assertThat(alice.client().errors().get(0).get("message").asString()).isEqualTo("You left the room");
	}

	private CompletableFuture<StompSession> connectAsync(Handshake handshake, List<StompHeaders> errorFrames) {
		return StompTestClient.connectAsync(fixture.gatewayUrl(), handshake, RealtimeFixture.RECEIPT_TIMEOUT,
				errorFrames);
	}

	/**
	 * The send was refused with this code, counted by reason, and never reached Kafka.
	 */
	private void assertRefused(StompTestClient client, String code, String messageId) throws Exception {
		assertError(client, code, messageId);
		assertNeverSubmitted(messageId);
		assertThat(fixture.metrics())
			.contains("roomcast_messages_rejected_total{application=\"gateway\",reason=\"" + code + "\"}");
	}

	/**
	 * The refusal happened before anything went to Kafka; a later send by another member
	 * that does arrive shows the topic was read past the point where the refused one
	 * would be.
	 */
	private void assertNeverSubmitted(String messageId) throws Exception {
		Seat member = fixture.inNewRoom("bob");
		String marker = UUID.randomUUID().toString();
		assertThat(member.client().send(member.roomId(), marker, "marker").get(10, TimeUnit.SECONDS)).isTrue();
		this.inbound.await((submitted) -> submitted.messageId().equals(marker));
		assertThat(this.inbound.seen()).noneMatch((message) -> message.messageId().equals(messageId));
	}

	private KafkaProducer<String, byte[]> transactionalProducer() {
		Map<String, Object> properties = new HashMap<>();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers());
		properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "gateway-test-" + UUID.randomUUID());
		KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
				new ByteArraySerializer());
		producer.initTransactions();
		return producer;
	}

	private static void sendRoomEvents(KafkaProducer<String, byte[]> producer, RoomEvent... events) throws Exception {
		for (RoomEvent event : events) {
			producer
				.send(new ProducerRecord<>(Topics.CHAT_ROOM_EVENTS, event.roomId(),
						EventJson.mapper().writeValueAsBytes(event)))
				.get(10, TimeUnit.SECONDS);
		}
	}

}
