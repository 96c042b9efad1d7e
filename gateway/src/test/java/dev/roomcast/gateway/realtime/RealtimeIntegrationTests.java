package dev.roomcast.gateway.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
import dev.roomcast.events.RoomDirectory;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.RoomSnapshot;
import dev.roomcast.events.Topics;
import dev.roomcast.session.SessionUser;
import dev.roomcast.testsupport.http.HttpProbe;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.kafka.TopicReader;
import dev.roomcast.testsupport.stomp.StompTestClient.Handshake;
import dev.roomcast.testsupport.stomp.StompTestClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

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

	private static final String ORIGIN = "http://app.test";

	/** A SEND or SUBSCRIBE without a RECEIPT after this counts as refused. */
	private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(3);

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

	private KafkaConsumer<String, MessageSubmitted> inbound;

	private final List<MessageSubmitted> submitted = new CopyOnWriteArrayList<>();

	private final List<StompTestClient> clients = new ArrayList<>();

	@BeforeAll
	void readInbound() {
		this.inbound = TopicReader.consumerAtEnd(Topics.CHAT_INBOUND, EventSerde.of(MessageSubmitted.class));
	}

	@BeforeEach
	void listenersPositioned() {
		await().atMost(Duration.ofSeconds(30)).until(() -> positioned("room-events-fan-out") && positioned("notices"));
	}

	@AfterEach
	void disconnect() {
		this.clients.forEach(StompTestClient::close);
		this.clients.clear();
	}

	@AfterAll
	void closeKafkaClients() {
		this.inbound.close();
	}

	@Test
	void refusesHandshakeWithoutSession() {
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(
					() -> connectAsync(new Handshake(ORIGIN, null, null), new ArrayList<>()).get(10, TimeUnit.SECONDS))
			.satisfies((ex) -> assertThat(causes(ex)).contains("[401]"));
	}

	@Test
	void refusesHandshakeFromForeignOrigin() {
		User alice = user("alice");
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> connectAsync(handshake(alice).withOrigin("http://evil.example"), new ArrayList<>())
				.get(10, TimeUnit.SECONDS))
			.satisfies((ex) -> assertThat(causes(ex)).contains("[403]"));
	}

	@Test
	void refusesConnectWithoutCsrfToken() {
		User alice = user("alice");
		List<StompHeaders> errorFrames = new CopyOnWriteArrayList<>();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(
				() -> connectAsync(handshake(alice).withCsrfToken(null), errorFrames).get(10, TimeUnit.SECONDS));
		await().atMost(Duration.ofSeconds(5)).until(() -> !errorFrames.isEmpty());
	}

	@Test
	void refusesConnectWithWrongCsrfToken() {
		User alice = user("alice");
		List<StompHeaders> errorFrames = new CopyOnWriteArrayList<>();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(
				() -> connectAsync(handshake(alice).withCsrfToken(StompTestClient.masked(UUID.randomUUID().toString())),
						errorFrames)
					.get(10, TimeUnit.SECONDS));
		await().atMost(Duration.ofSeconds(5)).until(() -> !errorFrames.isEmpty());
	}

	@Test
	void storesAMemberSendInChatInboundBeforeTheReceipt() throws Exception {
		User alice = user("alice");
		String roomId = room(alice);
		StompTestClient client = connect(alice);
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
		assertThat(HttpProbe.get(this.managementPort, "/actuator/prometheus").body())
			.contains("roomcast_messages_submitted_total");
	}

	@Test
	void refusesSendFromNonMember() throws Exception {
		User alice = user("alice");
		User mallory = user("mallory");
		String roomId = room(alice);
		StompTestClient client = connect(mallory);
		String messageId = UUID.randomUUID().toString();

		assertThat(client.send(roomId, messageId, "let me in").get(15, TimeUnit.SECONDS)).isFalse();

		assertError(client, "NOT_A_MEMBER", messageId);
		assertNeverSubmitted(messageId, alice, roomId);
		assertThat(HttpProbe.get(this.managementPort, "/actuator/prometheus").body())
			.contains("roomcast_messages_rejected_total{application=\"gateway\",reason=\"NOT_A_MEMBER\"}");
	}

	@Test
	void refusesTooLongText() throws Exception {
		User alice = user("alice");
		String roomId = room(alice);
		StompTestClient client = connect(alice);
		String messageId = UUID.randomUUID().toString();

		client.send(roomId, messageId, "x".repeat(4001));

		assertError(client, "INVALID_TEXT", messageId);
		User bob = user("bob");
		assertNeverSubmitted(messageId, bob, room(bob));
	}

	@Test
	void acceptsTextAtTheLimitCountedInCodePoints() throws Exception {
		User alice = user("alice");
		String roomId = room(alice);
		StompTestClient client = connect(alice);

		assertThat(client.send(roomId, UUID.randomUUID().toString(), "\uD83D\uDE02".repeat(4000))
			.get(15, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void refusesMessageIdThatIsNoUuid() throws Exception {
		User alice = user("alice");
		String roomId = room(alice);
		StompTestClient client = connect(alice);

		client.send(roomId, "not-a-uuid", "hello");

		await().atMost(Duration.ofSeconds(10)).until(() -> !client.errors().isEmpty());
		assertThat(client.errors().get(0).get("code").asString()).isEqualTo("MALFORMED");
		assertThat(client.errors().get(0).get("messageId").isNull()).isTrue();
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void refusesBodyThatIsNoJson() throws Exception {
		User alice = user("alice");
		String roomId = room(alice);
		StompTestClient client = connect(alice);

		client.send(roomId, List.of("not", "an", "object"));

		await().atMost(Duration.ofSeconds(10)).until(() -> !client.errors().isEmpty());
		assertThat(client.errors().get(0).get("code").asString()).isEqualTo("MALFORMED");
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void rateLimitsSendsPerUser() throws Exception {
		User alice = user("alice");
		String roomId = room(alice);
		StompTestClient client = connect(alice);
		for (int i = 0; i < 5; i++) {
			assertThat(client.send(roomId, UUID.randomUUID().toString(), "burst " + i).get(10, TimeUnit.SECONDS))
				.isTrue();
		}
		String messageId = UUID.randomUUID().toString();

		assertThat(client.send(roomId, messageId, "one too many").get(15, TimeUnit.SECONDS)).isFalse();

		assertError(client, "RATE_LIMITED", messageId);
		User bob = user("bob");
		assertNeverSubmitted(messageId, bob, room(bob));
	}

	@Test
	void refusesSubscriptionToAnotherUsersRoomButStaysConnected() throws Exception {
		User alice = user("alice");
		User mallory = user("mallory");
		String roomId = room(alice);
		StompTestClient client = connect(mallory);

		assertThat(client.subscribe("/topic/rooms/" + roomId, new ArrayList<>()).get(15, TimeUnit.SECONDS)).isFalse();

		assertError(client, "NOT_A_MEMBER", null);
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void deniesDestinationsOutsideTheProtocol() throws Exception {
		User alice = user("alice");
		StompTestClient client = connect(alice);

		client.subscribe("/topic/anything", new ArrayList<>());

		await().atMost(Duration.ofSeconds(10)).until(() -> !client.errorFrames().isEmpty());
	}

	@Test
	void deliversRoomEventsToSubscribersOfThatRoomOnly() throws Exception {
		User alice = user("alice");
		User bob = user("bob");
		String aliceRoom = room(alice);
		String bobRoom = room(bob);
		StompTestClient aliceClient = connect(alice);
		StompTestClient bobClient = connect(bob);
		List<JsonNode> aliceMessages = new CopyOnWriteArrayList<>();
		List<JsonNode> bobMessages = new CopyOnWriteArrayList<>();
		assertThat(aliceClient.subscribe("/topic/rooms/" + aliceRoom, aliceMessages).get(10, TimeUnit.SECONDS))
			.isTrue();
		assertThat(bobClient.subscribe("/topic/rooms/" + bobRoom, bobMessages).get(10, TimeUnit.SECONDS)).isTrue();

		RoomEvent first = roomEvent(aliceRoom, 1, alice, "first", HashChain.GENESIS);
		publish(Topics.CHAT_ROOM_EVENTS, aliceRoom, first);
		publish(Topics.CHAT_ROOM_EVENTS, aliceRoom, roomEvent(aliceRoom, 2, alice, "second", first.hash()));
		publish(Topics.CHAT_ROOM_EVENTS, bobRoom, roomEvent(bobRoom, 1, bob, "for bob", HashChain.GENESIS));

		await().atMost(Duration.ofSeconds(10)).until(() -> aliceMessages.size() == 2 && bobMessages.size() == 1);
		JsonNode delivered = aliceMessages.get(0);
		assertThat(delivered.propertyNames()).containsExactlyInAnyOrder("type", "roomId", "seq", "messageId",
				"senderId", "senderName", "text", "sentAt", "prevHash", "hash", "memberId", "memberName");
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
		assertThat(HttpProbe.get(this.managementPort, "/actuator/prometheus").body())
			.contains("roomcast_messages_delivered_total")
			.contains("roomcast_delivery_latency_seconds_bucket")
			.contains("roomcast_websocket_sessions")
			.contains("roomcast_websocket_subscriptions");
	}

	@Test
	void deliversMembershipChangesWithTheirTypeBetweenMessages() throws Exception {
		User alice = user("alice");
		User bob = user("bob");
		String room = room(alice, bob);
		StompTestClient client = connect(alice);
		List<JsonNode> messages = new CopyOnWriteArrayList<>();
		assertThat(client.subscribe("/topic/rooms/" + room, messages).get(10, TimeUnit.SECONDS)).isTrue();
		RoomEvent first = roomEvent(room, 1, alice, "hi", HashChain.GENESIS);
		RoomEvent unhashed = new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
				RoomEvent.Type.MEMBER_ADDED, room, 2, UUID.randomUUID().toString(), alice.id(), "Alice", null,
				Instant.now(), first.hash(), null, bob.id(), "Bob");
		RoomEvent added = unhashed.withIdAndHash(unhashed.eventId(), HashChain.hash(first.hash(), unhashed));
		publish(Topics.CHAT_ROOM_EVENTS, room, first);
		publish(Topics.CHAT_ROOM_EVENTS, room, added);
		publish(Topics.CHAT_ROOM_EVENTS, room, roomEvent(room, 3, alice, "welcome", added.hash()));

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
		User alice = user("alice");
		String room = room(alice);
		StompTestClient client = connect(alice);
		List<JsonNode> unsubscribed = new CopyOnWriteArrayList<>();
		List<JsonNode> kept = new CopyOnWriteArrayList<>();
		StompSession.Subscription first = client.subscribed("/topic/rooms/" + room, unsubscribed);
		client.subscribed("/topic/rooms/" + room, kept);
		RoomEvent one = roomEvent(room, 1, alice, "one", HashChain.GENESIS);
		publish(Topics.CHAT_ROOM_EVENTS, room, one);
		await().atMost(Duration.ofSeconds(10)).until(() -> unsubscribed.size() == 1 && kept.size() == 1);

		first.unsubscribe();
		// frames of a session are handled in order: this receipt follows the UNSUBSCRIBE
		client.subscribed("/user/queue/errors", new CopyOnWriteArrayList<>());
		publish(Topics.CHAT_ROOM_EVENTS, room, roomEvent(room, 2, alice, "two", one.hash()));

		// both subscriptions share the session's one ordered queue: had the first still
		// been there, its copy would have come first
		await().atMost(Duration.ofSeconds(10)).until(() -> kept.size() == 2);
		assertThat(unsubscribed).hasSize(1);
		client.close();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> HttpProbe.get(this.managementPort, "/actuator/prometheus").body(),
					(body) -> Pattern.compile("roomcast_websocket_subscriptions\\{[^}]*\\} 0\\.0")
						.matcher(body)
						.find());
	}

	@Test
	void deliversBeforeChatServiceCommitsAndOnceWhenAnAbortedTransactionIsRetried() throws Exception {
		User alice = user("alice");
		String room = room(alice);
		StompTestClient client = connect(alice);
		List<JsonNode> messages = new CopyOnWriteArrayList<>();
		assertThat(client.subscribe("/topic/rooms/" + room, messages).get(10, TimeUnit.SECONDS)).isTrue();
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
		assertThat(HttpProbe.get(this.managementPort, "/actuator/prometheus").body())
			.containsPattern("roomcast_room_events_repeats_total\\{[^}]*\\} [1-9]")
			.containsPattern("roomcast_room_events_corrections_total\\{[^}]*\\} [1-9]");
	}

	@Test
	void stopsDeliveringToAUserRemovedFromTheRoom() throws Exception {
		User alice = user("alice");
		User bob = user("bob");
		String roomId = room(alice, bob);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.directory.isMember(roomId, bob.id()));
		StompTestClient aliceClient = connect(alice);
		StompTestClient bobClient = connect(bob);
		List<JsonNode> aliceMessages = new CopyOnWriteArrayList<>();
		List<JsonNode> bobMessages = new CopyOnWriteArrayList<>();
		assertThat(aliceClient.subscribe("/topic/rooms/" + roomId, aliceMessages).get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(bobClient.subscribe("/topic/rooms/" + roomId, bobMessages).get(10, TimeUnit.SECONDS)).isTrue();
		publish(Topics.ACCOUNT_ROOMS, roomId,
				new RoomSnapshot(RoomSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(), roomId,
						RoomSnapshot.Kind.GROUP, "room", alice.id(), List.of(alice.id()), 2));
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.directory.isMember(roomId, bob.id()));

		publish(Topics.CHAT_ROOM_EVENTS, roomId, roomEvent(roomId, 1, alice, "after bob left", HashChain.GENESIS));

		await().atMost(Duration.ofSeconds(10)).until(() -> aliceMessages.size() == 1);
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(bobMessages::isEmpty);
		assertThat(HttpProbe.get(this.managementPort, "/actuator/prometheus").body())
			.containsPattern("roomcast_deliveries_withheld_total\\{[^}]*\\} [1-9]");
	}

	@Test
	void skipsUnreadableRoomEventsAndKeepsDelivering() throws Exception {
		User alice = user("alice");
		String roomId = room(alice);
		StompTestClient client = connect(alice);
		List<JsonNode> messages = new CopyOnWriteArrayList<>();
		assertThat(client.subscribe("/topic/rooms/" + roomId, messages).get(10, TimeUnit.SECONDS)).isTrue();

		TopicReader.send(Topics.CHAT_ROOM_EVENTS, roomId, "{not json".getBytes(StandardCharsets.UTF_8));
		publish(Topics.CHAT_ROOM_EVENTS, roomId, roomEvent(roomId, 1, alice, "after poison", HashChain.GENESIS));

		await().atMost(Duration.ofSeconds(10)).until(() -> messages.size() == 1);
		assertThat(messages.get(0).get("text").asString()).isEqualTo("after poison");
		assertThat(HttpProbe.get(this.managementPort, "/actuator/prometheus").body())
			.contains("roomcast_kafka_records_skipped_total{application=\"gateway\",topic=\"chat.room-events\"}");
	}

	@Test
	void forwardsChatServiceRejectionsToTheUsersErrorQueue() throws Exception {
		User alice = user("alice");
		String roomId = room(alice);
		StompTestClient client = connect(alice);
		String messageId = UUID.randomUUID().toString();

		publish(Topics.CHAT_NOTICES, alice.id(),
				new MessageRejected(MessageRejected.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
						alice.id(), roomId, messageId, MessageRejected.Reason.NOT_A_MEMBER, "You left the room"));

		assertError(client, "NOT_A_MEMBER", messageId);
		assertThat(client.errors().get(0).get("message").asString()).isEqualTo("You left the room");
	}

	private boolean positioned(String listener) {
		Gauge gauge = this.registry.find("roomcast.kafka.listener.positioned").tag("listener", listener).gauge();
		return gauge != null && gauge.value() == 1;
	}

	private StompTestClient connect(User user) {
		StompTestClient client = StompTestClient.connect(gatewayUrl(), handshake(user), RECEIPT_TIMEOUT);
		this.clients.add(client);
		return client;
	}

	private CompletableFuture<StompSession> connectAsync(Handshake handshake, List<StompHeaders> errorFrames) {
		return StompTestClient.connectAsync(gatewayUrl(), handshake, RECEIPT_TIMEOUT, errorFrames);
	}

	private String gatewayUrl() {
		return "http://localhost:" + this.port;
	}

	/** From the allowed page, with the user's session and CSRF token. */
	private static Handshake handshake(User user) {
		return new Handshake(ORIGIN, user.cookie(), user.maskedCsrf());
	}

	private void assertError(StompTestClient client, String code, String messageId) {
		await().atMost(Duration.ofSeconds(10)).until(() -> !client.errors().isEmpty());
		JsonNode error = client.errors().get(0);
		assertThat(error.get("code").asString()).isEqualTo(code);
		assertThat(error.get("message").asString()).isNotBlank();
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
		StompTestClient client = connect(member);
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

	private User user(String name) {
		String id = UUID.randomUUID().toString();
		SessionUser user = new SessionUser(id, name + "-" + id, capitalize(name) + " " + id);
		String csrf = UUID.randomUUID().toString();
		String sessionId = saveSession(this.sessions, user);
		return new User(id,
				"SESSION=" + Base64.getEncoder().encodeToString(sessionId.getBytes()) + "; XSRF-TOKEN=" + csrf, csrf);
	}

	private static <S extends Session> String saveSession(SessionRepository<S> repository, SessionUser user) {
		S session = repository.createSession();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(user.toAuthentication());
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
		session.setAttribute(SessionUser.USERNAME_ATTRIBUTE, user.username());
		session.setAttribute(SessionUser.DISPLAY_NAME_ATTRIBUTE, user.displayName());
		repository.save(session);
		return session.getId();
	}

	private String room(User... members) throws Exception {
		String roomId = UUID.randomUUID().toString();
		List<String> memberIds = java.util.Arrays.stream(members).map(User::id).toList();
		publish(Topics.ACCOUNT_ROOMS, roomId,
				new RoomSnapshot(RoomSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(), roomId,
						RoomSnapshot.Kind.GROUP, "room", memberIds.get(0), memberIds, 1));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.directory.isMember(roomId, memberIds.get(0)));
		return roomId;
	}

	private static void publish(String topic, String key, Object event) {
		TopicReader.publish(topic, key, event);
	}

	private KafkaProducer<String, byte[]> transactionalProducer() {
		Map<String, Object> properties = new HashMap<>();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
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

	private static RoomEvent roomEvent(String roomId, long seq, User sender, String text, String prevHash) {
		Instant sentAt = Instant.now().minusMillis(5);
		RoomEvent unhashed = new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
				RoomEvent.Type.MESSAGE, roomId, seq, UUID.randomUUID().toString(), sender.id(), "Sender " + sender.id(),
				text, sentAt, prevHash, null);
		return new RoomEvent(unhashed.schemaVersion(), unhashed.eventId(), unhashed.occurredAt(), unhashed.type(),
				roomId, seq, unhashed.messageId(), unhashed.senderId(), unhashed.senderName(), text, sentAt, prevHash,
				HashChain.hash(prevHash, unhashed));
	}

	private static String causes(Throwable ex) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			messages.append(cause).append('\n');
		}
		return messages.toString();
	}

	private static String capitalize(String name) {
		return Character.toUpperCase(name.charAt(0)) + name.substring(1);
	}

	private record User(String id, String cookie, String csrf) {

		String maskedCsrf() {
			return StompTestClient.masked(this.csrf);
		}

	}

}
