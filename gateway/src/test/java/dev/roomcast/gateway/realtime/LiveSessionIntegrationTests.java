package dev.roomcast.gateway.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import dev.roomcast.testsupport.stomp.StompTestClient;
import dev.roomcast.events.EventJson;
import dev.roomcast.events.RoomDirectory;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import dev.roomcast.gateway.realtime.RealtimeFixture.User;
import dev.roomcast.testsupport.http.HttpProbe;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.servers.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
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
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a connected client can rely on: catch-up bounded by the RECEIPT's last seq, its
 * sockets closed when its session ends and its session kept while it uses them, and
 * delivery that clients which stop reading do not slow down.
 */
@RoomcastIntegrationTest(properties = { "roomcast.gateway.websocket.allowed-origins=" + RealtimeFixture.ORIGIN,
		"roomcast.gateway.websocket.session-check-interval=300ms",
		"roomcast.gateway.websocket.session-touch-interval=300ms" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveSessionIntegrationTests {

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

	private RealtimeFixture fixture;

	private final List<StompTestClient> clients = new ArrayList<>();

	/** A room whose messages were ordered before this gateway started. */
	private static final String EARLIER_ROOM = UUID.randomUUID().toString();

	private static final User EARLIER_SENDER = new User(UUID.randomUUID().toString(), null, null, null);

	@DynamicPropertySource
	static void eventsBeforeTheGatewayStarts(DynamicPropertyRegistry registry) throws Exception {
		Map<String, Object> producer = Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers());
		try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(producer, new StringSerializer(),
				new ByteArraySerializer())) {
			for (RoomEvent event : RealtimeFixture.roomEvents(EARLIER_ROOM, EARLIER_SENDER, 7, "before")) {
				kafka
					.send(new ProducerRecord<>(Topics.CHAT_ROOM_EVENTS, EARLIER_ROOM,
							EventJson.mapper().writeValueAsBytes(event)))
					.get(30, TimeUnit.SECONDS);
			}
		}
	}

	@BeforeAll
	void fixture() {
		this.fixture = new RealtimeFixture(this.sessions, this.directory, this.bootstrapServers);
	}

	@BeforeEach
	void listenerPositioned() {
		await().atMost(Duration.ofSeconds(30)).until(this::positioned);
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

	/**
	 * Bob subscribes while Alice's messages are being ordered, without waiting for
	 * anything: every seq up to the RECEIPT's last seq is history's to give, every later
	 * one arrives live, exactly once.
	 */
	@Test
	void theSubscriptionReceiptTellsHowFarHistoryMustReachAndEveryLaterMessageArrivesLive() throws Exception {
		User alice = this.fixture.user("alice");
		User bob = this.fixture.user("bob");
		StompTestClient aliceClient = connect(alice);
		StompTestClient bobClient = connect(bob);
		for (int round = 0; round < 5; round++) {
			String roomId = this.fixture.room(alice, bob);
			List<JsonNode> aliceMessages = new CopyOnWriteArrayList<>();
			aliceClient.subscribed("/topic/rooms/" + roomId, aliceMessages);
			List<RoomEvent> events = RealtimeFixture.roomEvents(roomId, alice, 40, "hello");

			this.fixture.publishAll(events.subList(0, 20));
			List<JsonNode> bobMessages = new CopyOnWriteArrayList<>();
			CompletableFuture<StompHeaders> receipt = bobClient.subscribeForReceipt("/topic/rooms/" + roomId,
					bobMessages);
			this.fixture.publishAll(events.subList(20, 40));

			StompHeaders receiptHeaders = receipt.get(30, TimeUnit.SECONDS);
			assertThat(receiptHeaders).isNotNull();
			long lastSeq = Long.parseLong(receiptHeaders.getFirst("last-seq"));
			assertThat(lastSeq).isBetween(0L, 40L);
			await().atMost(Duration.ofSeconds(30)).until(() -> aliceMessages.size() == 40);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> bobMessages.stream().anyMatch((message) -> message.get("seq").asLong() == 40));
			List<Long> live = bobMessages.stream().map((message) -> message.get("seq").asLong()).toList();
			assertThat(live).doesNotHaveDuplicates();
			Set<Long> fromHistory = LongStream.rangeClosed(1, lastSeq).boxed().collect(Collectors.toSet());
			Set<Long> seen = new TreeSet<>(fromHistory);
			seen.addAll(live);
			assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
			assertThat(live).as("every seq above the receipt's last seq arrives live")
				.containsAll(LongStream.rangeClosed(lastSeq + 1, 40).boxed().toList());
		}
	}

	/**
	 * History may still lack what was ordered just before the gateway started; the
	 * gateway read back far enough to know it.
	 */
	@Test
	void theReceiptKnowsTheLastSeqOfMessagesOrderedJustBeforeTheGatewayStarted() throws Exception {
		User alice = this.fixture.user("alice");
		this.fixture.publishRoom(EARLIER_ROOM, alice);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.directory.isMember(EARLIER_ROOM, alice.id()));
		StompTestClient client = connect(alice);

		StompHeaders receipt = client.subscribeForReceipt("/topic/rooms/" + EARLIER_ROOM, new CopyOnWriteArrayList<>())
			.get(30, TimeUnit.SECONDS);

		assertThat(receipt.getFirst("last-seq")).isEqualTo("7");
	}

	@Test
	void theReceiptOfARoomWithoutRecentEventsSaysZero() throws Exception {
		User alice = this.fixture.user("alice");
		StompTestClient client = connect(alice);
		StompHeaders receipt = client
			.subscribeForReceipt("/topic/rooms/" + this.fixture.room(alice), new CopyOnWriteArrayList<>())
			.get(30, TimeUnit.SECONDS);
		assertThat(receipt.getFirst("last-seq")).isEqualTo("0");
	}

	@Test
	void endingASessionClosesItsSocketsAndOnlyThose() throws Exception {
		User alice = this.fixture.user("alice");
		User aliceElsewhere = this.fixture.otherSession(alice);
		StompTestClient first = connect(alice);
		StompTestClient second = connect(alice);
		StompTestClient other = connect(aliceElsewhere);

		// what account-service's POST /api/auth/logout does to the shared session
		this.sessions.deleteById(alice.sessionId());

		await().atMost(Duration.ofSeconds(30)).until(() -> !first.isConnected() && !second.isConnected());
		assertThat(other.isConnected()).isTrue();
		assertThat(HttpProbe.get(this.managementPort, "/actuator/prometheus").body())
			.containsPattern("roomcast_websocket_session_ended_closes_total\\{[^}]*\\} [2-9]");
	}

	@Test
	void anExpiredSessionClosesItsSockets() throws Exception {
		User alice = this.fixture.user("alice", Duration.ofSeconds(2));
		StompTestClient client = connect(alice);

		await().atMost(Duration.ofSeconds(30)).until(() -> !client.isConnected());
		assertThat(this.sessions.findById(alice.sessionId())).isNull();
	}

	@Test
	void aSocketInUseKeepsItsSessionAlive() throws Exception {
		User alice = this.fixture.user("alice", Duration.ofSeconds(2));
		StompTestClient client = connect(alice);

		// a frame every 300 ms (the poll) for three idle timeouts
		await().pollInterval(Duration.ofMillis(300))
			.during(Duration.ofSeconds(6))
			.atMost(Duration.ofSeconds(30))
			.until(() -> {
				client.subscribe("/user/queue/errors", new ArrayList<>());
				return client.isConnected();
			});

		assertThat(this.sessions.findById(alice.sessionId())).isNotNull();
	}

	/**
	 * Four clients stop reading while a room they are in gets large messages: each one's
	 * writes stall once its socket buffers are full. A reading client in the same room
	 * still gets every message at once: none of the writers waits on a stalled socket
	 * (which would be up to the 5 s send time limit each).
	 */
	@Test
	void clientsThatStopReadingDoNotDelayTheOthers() throws Exception {
		User alice = this.fixture.user("alice");
		List<User> stalled = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			stalled.add(this.fixture.user("stalled" + i));
		}
		List<User> members = new ArrayList<>(stalled);
		members.add(0, alice);
		String roomId = this.fixture.room(members.toArray(User[]::new));
		List<RawWebSocket> stalledSockets = new ArrayList<>();
		try {
			for (User user : stalled) {
				RawWebSocket socket = RawWebSocket.open(this.port, user.cookie(), RealtimeFixture.ORIGIN, 2048);
				assertThat(socket.status).isEqualTo(101);
				socket.connectAndSubscribe(user.maskedCsrf(), "/topic/rooms/" + roomId);
				stalledSockets.add(socket);
			}
			StompTestClient reader = connect(alice);
			List<JsonNode> received = new CopyOnWriteArrayList<>();
			reader.subscribed("/topic/rooms/" + roomId, received);
			List<RoomEvent> events = RealtimeFixture.roomEvents(roomId, alice, 100, "x".repeat(4000));

			// the stalled clients' socket buffers fill within the first few messages;
			// with
			// a writer waiting on each of them, the reader would wait the 5 s send time
			// limit (after which the stalled clients are closed)
			this.fixture.publishAll(events);

			await().atMost(Duration.ofSeconds(3)).until(() -> received.size() == 100);
			assertThat(received).extracting((message) -> message.get("seq").asLong())
				.containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
		}
		finally {
			for (RawWebSocket socket : stalledSockets) {
				socket.close();
			}
		}
	}

	/**
	 * Socket send buffers of a fixed 16 KB: the kernel would otherwise grow a stalled
	 * client's to 4 MB before a write blocks, and the test would need that much per
	 * client to show a stall.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class SmallSendBuffers {

		@Bean
		TomcatConnectorCustomizer smallSendBuffers() {
			return (connector) -> connector.setProperty("socket.txBufSize", "16384");
		}

	}

	private StompTestClient connect(User user) throws Exception {
		StompTestClient client = user.connect(this.port);
		this.clients.add(client);
		return client;
	}

	private boolean positioned() {
		Gauge gauge = this.registry.find("roomcast.kafka.listener.positioned")
			.tag("listener", "room-events-fan-out")
			.gauge();
		return gauge != null && gauge.value() == 1;
	}

}
