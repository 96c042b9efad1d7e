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

import dev.roomcast.events.EventJson;
import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.MessageRejected;
import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import dev.roomcast.gateway.realtime.RealtimeFixture.User;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.kafka.TopicReader;
import dev.roomcast.testsupport.servers.TestInfrastructure;
import dev.roomcast.testsupport.stomp.StompTestClient.Handshake;
import dev.roomcast.testsupport.session.StoredSessions;
import dev.roomcast.testsupport.stomp.StompTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;

import static dev.roomcast.gateway.realtime.RealtimeFixture.publish;
import static dev.roomcast.gateway.realtime.RealtimeFixture.publishRoom;
import static dev.roomcast.gateway.realtime.RealtimeFixture.roomEvent;
import static dev.roomcast.gateway.realtime.RealtimeFixture.subscribeToRoom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's real-time side against the real Kafka and Redis: sessions written into
 * Redis as account-service writes them, rooms fed into {@code account.rooms}, a real
 * STOMP client on {@code /ws}. The allowed origin, the send rate limit (5 an hour) and
 * the membership wait (300 ms) it relies on are in {@code application-test.yml}.
 */
@RoomcastIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealtimeIntegrationTests {

	@RegisterExtension
	static final RealtimeFixture fixture = new RealtimeFixture("room-events-fan-out", "notices");

	private KafkaConsumer<String, MessageSubmitted> inbound;

	private final List<MessageSubmitted> submitted = new CopyOnWriteArrayList<>();

	@BeforeAll
	void readInbound() {
		this.inbound = TopicReader.consumerAtEnd(Topics.CHAT_INBOUND, EventSerde.of(MessageSubmitted.class));
	}

	@AfterAll
	void closeKafkaClients() {
		this.inbound.close();
	}

	@Test
	void refusesHandshakeWithoutSession() {
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> connectAsync(new Handshake(RealtimeFixture.ORIGIN, null, null), new ArrayList<>()).get(10,
					TimeUnit.SECONDS))
			.satisfies((ex) -> assertThat(causes(ex)).contains("[401]"));
	}

	@Test
	void refusesHandshakeFromForeignOrigin() {
		User alice = fixture.user("alice");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> connectAsync(alice.handshake().withOrigin("http://evil.example"), new ArrayList<>())
				.get(10, TimeUnit.SECONDS))
			.satisfies((ex) -> assertThat(causes(ex)).contains("[403]"));
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
		User alice = fixture.user("alice");
		String roomId = fixture.room(alice);
		StompTestClient client = fixture.connect(alice);
		String messageId = UUID.randomUUID().toString();

		assertThat(client.send(roomId, messageId, "hello").get(10, TimeUnit.SECONDS)).isTrue();

		MessageSubmitted message = awaitSubmitted(messageId);
		assertThat(message.roomId()).isEqualTo(roomId);
		assertThat(message.senderId()).isEqualTo(alice.id());
		assertThat(message.senderName()).isEqualTo("Alice " + alice.id());
		assertThat(message.text()).isEqualTo("hello");
		assertThat(message.schemaVersion()).isEqualTo(MessageSubmitted.SCHEMA_VERSION);
		assertThat(message.occurredAt()).isBeforeOrEqualTo(Instant.now());
		assertThat(client.errors()).isEmpty();
		assertThat(fixture.metrics()).contains("roomcast_messages_submitted_total");
	}

	@Test
	void refusesSendFromNonMember() throws Exception {
		User alice = fixture.user("alice");
		User mallory = fixture.user("mallory");
		String roomId = fixture.room(alice);
		StompTestClient client = fixture.connect(mallory);
		String messageId = UUID.randomUUID().toString();

		assertThat(client.send(roomId, messageId, "let me in").get(15, TimeUnit.SECONDS)).isFalse();

		assertError(client, "NOT_A_MEMBER", messageId);
		assertNeverSubmitted(messageId, alice, roomId);
		assertThat(fixture.metrics())
			.contains("roomcast_messages_rejected_total{application=\"gateway\",reason=\"NOT_A_MEMBER\"}");
	}

	@Test
	void refusesTooLongText() throws Exception {
		User alice = fixture.user("alice");
		String roomId = fixture.room(alice);
		StompTestClient client = fixture.connect(alice);
		String messageId = UUID.randomUUID().toString();

		client.send(roomId, messageId, "x".repeat(4001));

		assertError(client, "INVALID_TEXT", messageId);
		User bob = fixture.user("bob");
		assertNeverSubmitted(messageId, bob, fixture.room(bob));
	}

	@Test
	void refusesTextThatIsNoJsonStringAsInvalidText() throws Exception {
		User alice = fixture.user("alice");
		String roomId = fixture.room(alice);
		StompTestClient client = fixture.connect(alice);
		List<String> messageIds = new ArrayList<>();

		for (Object text : List.of(1, true, 1.5, Map.of("$gt", ""), List.of("x"))) {
			String messageId = UUID.randomUUID().toString();
			messageIds.add(messageId);
			client.send(roomId, Map.of("messageId", messageId, "text", text));
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> client.errors().size() == messageIds.size());
		assertThat(client.errors())
			.allSatisfy((error) -> assertThat(error.get("code").asString()).isEqualTo("INVALID_TEXT"));
		assertThat(client.errors()).map((error) -> error.get("messageId").asString())
			.containsExactlyInAnyOrderElementsOf(messageIds);
		User bob = fixture.user("bob");
		assertNeverSubmitted(messageIds.get(0), bob, fixture.room(bob));
		assertThat(this.submitted).noneMatch((message) -> messageIds.contains(message.messageId()));
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void acceptsTextAtTheLimitCountedInCodePoints() throws Exception {
		User alice = fixture.user("alice");
		String roomId = fixture.room(alice);
		StompTestClient client = fixture.connect(alice);

		assertThat(client.send(roomId, UUID.randomUUID().toString(), "\uD83D\uDE02".repeat(4000))
			.get(15, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void refusesMessageIdThatIsNoUuid() throws Exception {
		User alice = fixture.user("alice");
		String roomId = fixture.room(alice);
		StompTestClient client = fixture.connect(alice);

		client.send(roomId, "not-a-uuid", "hello");

		await().atMost(Duration.ofSeconds(10)).until(() -> !client.errors().isEmpty());
		assertThat(client.errors().get(0).get("code").asString()).isEqualTo("MALFORMED");
		assertThat(client.errors().get(0).get("messageId").isNull()).isTrue();
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void refusesBodyThatIsNoJson() throws Exception {
		User alice = fixture.user("alice");
		String roomId = fixture.room(alice);
		StompTestClient client = fixture.connect(alice);

		client.send(roomId, List.of("not", "an", "object"));

		await().atMost(Duration.ofSeconds(10)).until(() -> !client.errors().isEmpty());
		assertThat(client.errors().get(0).get("code").asString()).isEqualTo("MALFORMED");
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void rateLimitsSendsPerUser() throws Exception {
		User alice = fixture.user("alice");
		String roomId = fixture.room(alice);
		StompTestClient client = fixture.connect(alice);
		for (int i = 0; i < 5; i++) {
			assertThat(client.send(roomId, UUID.randomUUID().toString(), "burst " + i).get(10, TimeUnit.SECONDS))
				.isTrue();
		}
		String messageId = UUID.randomUUID().toString();

		assertThat(client.send(roomId, messageId, "one too many").get(15, TimeUnit.SECONDS)).isFalse();

		assertError(client, "RATE_LIMITED", messageId);
		User bob = fixture.user("bob");
		assertNeverSubmitted(messageId, bob, fixture.room(bob));
	}

	@Test
	void refusesSubscriptionToAnotherUsersRoomButStaysConnected() throws Exception {
		User alice = fixture.user("alice");
		User mallory = fixture.user("mallory");
		String roomId = fixture.room(alice);
		StompTestClient client = fixture.connect(mallory);

		assertThat(client.subscribe("/topic/rooms/" + roomId, new ArrayList<>()).get(15, TimeUnit.SECONDS)).isFalse();

		assertError(client, "NOT_A_MEMBER", null);
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void deniesDestinationsOutsideTheProtocol() throws Exception {
		User alice = fixture.user("alice");
		StompTestClient client = fixture.connect(alice);

		client.subscribe("/topic/anything", new ArrayList<>());

		await().atMost(Duration.ofSeconds(10)).until(() -> !client.errorFrames().isEmpty());
	}

	@Test
	void deliversRoomEventsToSubscribersOfThatRoomOnly() throws Exception {
		User alice = fixture.user("alice");
		User bob = fixture.user("bob");
		String aliceRoom = fixture.room(alice);
		String bobRoom = fixture.room(bob);
		StompTestClient aliceClient = fixture.connect(alice);
		StompTestClient bobClient = fixture.connect(bob);
		List<JsonNode> aliceMessages = subscribeToRoom(aliceClient, aliceRoom);
		List<JsonNode> bobMessages = subscribeToRoom(bobClient, bobRoom);

		RoomEvent first = roomEvent(aliceRoom, 1, alice, "first", HashChain.GENESIS);
		publish(first);
		publish(roomEvent(aliceRoom, 2, alice, "second", first.hash()));
		publish(roomEvent(bobRoom, 1, bob, "for bob", HashChain.GENESIS));

		await().atMost(Duration.ofSeconds(10)).until(() -> aliceMessages.size() == 2 && bobMessages.size() == 1);
		JsonNode delivered = aliceMessages.get(0);
		assertThat(delivered.propertyNames()).containsExactlyInAnyOrder("type", "roomId", "seq", "messageId",
				"senderId", "senderName", "text", "sentAt", "prevHash", "hash", "memberId", "memberName", "targetSeq");
		assertThat(delivered.get("type").asString()).isEqualTo("MESSAGE");
		assertThat(delivered.get("roomId").asString()).isEqualTo(aliceRoom);
		assertThat(delivered.get("seq").asLong()).isEqualTo(1);
		assertThat(delivered.get("messageId").asString()).isEqualTo(first.messageId());
		assertThat(delivered.get("senderId").asString()).isEqualTo(alice.id());
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
		User alice = fixture.user("alice");
		String room = fixture.room(alice);
		StompTestClient client = fixture.connect(alice);
		List<JsonNode> unsubscribed = new CopyOnWriteArrayList<>();
		List<JsonNode> kept = new CopyOnWriteArrayList<>();
		StompSession.Subscription first = client.subscribed("/topic/rooms/" + room, unsubscribed);
		client.subscribed("/topic/rooms/" + room, kept);
		RoomEvent one = roomEvent(room, 1, alice, "one", HashChain.GENESIS);
		publish(one);
		await().atMost(Duration.ofSeconds(10)).until(() -> unsubscribed.size() == 1 && kept.size() == 1);

		first.unsubscribe();
		// frames of a session are handled in order: this receipt follows the UNSUBSCRIBE
		client.subscribed("/user/queue/errors", new CopyOnWriteArrayList<>());
		publish(roomEvent(room, 2, alice, "two", one.hash()));

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
		User alice = fixture.user("alice");
		String room = fixture.room(alice);
		StompTestClient client = fixture.connect(alice);
		List<JsonNode> messages = subscribeToRoom(client, room);
		RoomEvent first = roomEvent(room, 1, alice, "first", HashChain.GENESIS);
		RoomEvent second = roomEvent(room, 2, alice, "second", first.hash());
		RoomEvent phantom = roomEvent(room, 3, alice, "phantom", second.hash());
		RoomEvent third = roomEvent(room, 3, alice, "third", second.hash());
		RoomEvent fourth = roomEvent(room, 4, alice, "fourth", third.hash());

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
		User alice = fixture.user("alice");
		User bob = fixture.user("bob");
		String roomId = fixture.room(alice, bob);
		StompTestClient aliceClient = fixture.connect(alice);
		StompTestClient bobClient = fixture.connect(bob);
		List<JsonNode> aliceMessages = subscribeToRoom(aliceClient, roomId);
		List<JsonNode> bobMessages = subscribeToRoom(bobClient, roomId);
		publishRoom(roomId, 2, alice);
		await().atMost(Duration.ofSeconds(10)).until(() -> !fixture.directory().isMember(roomId, bob.id()));

		publish(roomEvent(roomId, 1, alice, "after bob left", HashChain.GENESIS));

		await().atMost(Duration.ofSeconds(10)).until(() -> aliceMessages.size() == 1);
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(bobMessages::isEmpty);
		assertThat(fixture.metrics()).containsPattern("roomcast_deliveries_withheld_total\\{[^}]*\\} [1-9]");
	}

	@Test
	void skipsUnreadableRoomEventsAndKeepsDelivering() throws Exception {
		User alice = fixture.user("alice");
		String roomId = fixture.room(alice);
		StompTestClient client = fixture.connect(alice);
		List<JsonNode> messages = subscribeToRoom(client, roomId);

		TopicReader.send(Topics.CHAT_ROOM_EVENTS, roomId, "{not json".getBytes(StandardCharsets.UTF_8));
		publish(roomEvent(roomId, 1, alice, "after poison", HashChain.GENESIS));

		await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 1);
		assertThat(messages.get(0).get("text").asString()).isEqualTo("after poison");
		assertThat(fixture.metrics())
			.contains("roomcast_kafka_records_skipped_total{application=\"gateway\",topic=\"chat.room-events\"}");
	}

	@Test
	void forwardsChatServiceRejectionsToTheUsersErrorQueue() throws Exception {
		User alice = fixture.user("alice");
		String roomId = fixture.room(alice);
		StompTestClient client = fixture.connect(alice);
		String messageId = UUID.randomUUID().toString();

		TopicReader.publish(Topics.CHAT_NOTICES, alice.id(),
				new MessageRejected(MessageRejected.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
						alice.id(), roomId, messageId, MessageRejected.Reason.NOT_A_MEMBER, "You left the room"));

		assertError(client, "NOT_A_MEMBER", messageId);
		assertThat(client.errors().get(0).get("message").asString()).isEqualTo("You left the room");
	}

	private CompletableFuture<StompSession> connectAsync(Handshake handshake, List<StompHeaders> errorFrames) {
		return StompTestClient.connectAsync(fixture.gatewayUrl(), handshake, RealtimeFixture.RECEIPT_TIMEOUT,
				errorFrames);
	}

	private static void assertError(StompTestClient client, String code, String messageId) {
		JsonNode error = RealtimeFixture.assertError(client, code);
		if (messageId == null) {
			assertThat(error.get("messageId").isNull()).isTrue();
		}
		else {
			assertThat(error.get("messageId").asString()).isEqualTo(messageId);
		}
	}

	/**
	 * The refusal happened before anything went to Kafka; a later send that does arrive
	 * shows the topic was read past the point where the refused one would be.
	 */
	private void assertNeverSubmitted(String messageId, User member, String memberRoom) throws Exception {
		StompTestClient client = fixture.connect(member);
		String marker = UUID.randomUUID().toString();
		assertThat(client.send(memberRoom, marker, "marker").get(10, TimeUnit.SECONDS)).isTrue();
		awaitSubmitted(marker);
		assertThat(this.submitted).noneMatch((message) -> message.messageId().equals(messageId));
	}

	private MessageSubmitted awaitSubmitted(String messageId) {
		return await().atMost(Duration.ofSeconds(10)).until(() -> {
			synchronized (this.inbound) {
				for (ConsumerRecord<String, MessageSubmitted> record : this.inbound.poll(Duration.ofMillis(100))) {
					assertThat(record.key()).isEqualTo(record.value().roomId());
					this.submitted.add(record.value());
				}
			}
			return this.submitted.stream().filter((message) -> message.messageId().equals(messageId)).findFirst();
		}, java.util.Optional::isPresent).orElseThrow();
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

	private static String causes(Throwable ex) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			messages.append(cause).append('\n');
		}
		return messages.toString();
	}

}
