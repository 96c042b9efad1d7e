package dev.roomcast.gateway.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import dev.roomcast.testsupport.stomp.StompTestClient;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.gateway.realtime.RealtimeFixture.User;
import dev.roomcast.gateway.websocket.ClientSessions;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.roomcast.gateway.realtime.RealtimeFixture.publish;
import static dev.roomcast.gateway.realtime.RealtimeFixture.publishAll;
import static dev.roomcast.gateway.realtime.RealtimeFixture.roomEvents;
import static dev.roomcast.gateway.realtime.RealtimeFixture.subscribeToRoom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a connected client can rely on: catch-up bounded by the RECEIPT's last seq, its
 * sockets closed when its session ends and its session kept while it uses them, and
 * delivery that clients which stop reading do not slow down.
 */
@RoomcastIntegrationTest(properties = { "roomcast.gateway.websocket.allowed-origins=" + RealtimeFixture.ORIGIN,
		"roomcast.gateway.websocket.session-check-interval=300ms",
		"roomcast.gateway.websocket.session-touch-interval=300ms", "roomcast.gateway.websocket.send-time-limit=1s" })
class LiveSessionIntegrationTests {

	@RegisterExtension
	static final RealtimeFixture fixture = new RealtimeFixture("room-events-fan-out");

	@Autowired
	ClientSessions clientSessions;

	/** A room whose messages were ordered before this gateway started. */
	private static final String EARLIER_ROOM = UUID.randomUUID().toString();

	private static final User EARLIER_SENDER = new User(UUID.randomUUID().toString(), null, null, null);

	@DynamicPropertySource
	static void eventsBeforeTheGatewayStarts(DynamicPropertyRegistry registry) {
		for (RoomEvent event : roomEvents(EARLIER_ROOM, EARLIER_SENDER, 7, "before")) {
			publish(event);
		}
	}

	/**
	 * Bob subscribes while Alice's messages are being ordered, without waiting for
	 * anything: every seq up to the RECEIPT's last seq is history's to give, every later
	 * one arrives live, exactly once.
	 */
	@Test
	void theSubscriptionReceiptTellsHowFarHistoryMustReachAndEveryLaterMessageArrivesLive() throws Exception {
		User alice = fixture.user("alice");
		User bob = fixture.user("bob");
		StompTestClient aliceClient = fixture.connect(alice);
		StompTestClient bobClient = fixture.connect(bob);
		for (int round = 0; round < 5; round++) {
			String roomId = fixture.room(alice, bob);
			List<JsonNode> aliceMessages = subscribeToRoom(aliceClient, roomId);
			List<RoomEvent> events = roomEvents(roomId, alice, 40, "hello");

			publishAll(events.subList(0, 20));
			List<JsonNode> bobMessages = new CopyOnWriteArrayList<>();
			CompletableFuture<StompHeaders> receipt = bobClient.subscribeForReceipt("/topic/rooms/" + roomId,
					bobMessages);
			publishAll(events.subList(20, 40));

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
		User alice = fixture.user("alice");
		fixture.room(EARLIER_ROOM, alice);
		StompTestClient client = fixture.connect(alice);

		assertThat(client.joinRoomAt(EARLIER_ROOM)).isEqualTo(7);
	}

	@Test
	void theReceiptOfARoomWithoutRecentEventsSaysZero() throws Exception {
		User alice = fixture.user("alice");
		StompTestClient client = fixture.connect(alice);
		StompHeaders receipt = client
			.subscribeForReceipt("/topic/rooms/" + fixture.room(alice), new CopyOnWriteArrayList<>())
			.get(30, TimeUnit.SECONDS);
		assertThat(receipt.getFirst("last-seq")).isEqualTo("0");
	}

	@Test
	void endingASessionClosesItsSocketsAndOnlyThose() throws Exception {
		User alice = fixture.user("alice");
		User aliceElsewhere = fixture.otherSession(alice);
		StompTestClient first = fixture.connect(alice);
		StompTestClient second = fixture.connect(alice);
		StompTestClient other = fixture.connect(aliceElsewhere);

		// what account-service's POST /api/auth/logout does to the shared session
		fixture.sessions().deleteById(alice.sessionId());

		await().atMost(Duration.ofSeconds(30)).until(() -> !first.isConnected() && !second.isConnected());
		assertThat(other.isConnected()).isTrue();
		assertThat(fixture.metrics()).containsPattern("roomcast_websocket_session_ended_closes_total\\{[^}]*\\} [2-9]");
	}

	@Test
	void anExpiredSessionClosesItsSockets() throws Exception {
		User alice = fixture.user("alice", Duration.ofSeconds(2));
		StompTestClient client = fixture.connect(alice);

		await().atMost(Duration.ofSeconds(30)).until(() -> !client.isConnected());
		assertThat(fixture.sessions().findById(alice.sessionId())).isNull();
	}

	@Test
	void aSocketInUseKeepsItsSessionAlive() throws Exception {
		User alice = fixture.user("alice", Duration.ofSeconds(2));
		StompTestClient client = fixture.connect(alice);

		// a frame every 300 ms (the poll) for three idle timeouts
		await().pollInterval(Duration.ofMillis(300))
			.during(Duration.ofSeconds(6))
			.atMost(Duration.ofSeconds(30))
			.until(() -> {
				client.subscribe("/user/queue/errors", new ArrayList<>());
				return client.isConnected();
			});

		assertThat(fixture.sessions().findById(alice.sessionId())).isNotNull();
	}

	/**
	 * Four clients stop reading while a room they are in gets large messages: each one's
	 * writes stall once its socket buffers are full. A reading client in the same room
	 * still gets every message at once: none of the writers waits on a stalled socket
	 * (which would be up to the 5 s send time limit each).
	 */
	@Test
	void clientsThatStopReadingDoNotDelayTheOthers() throws Exception {
		User alice = fixture.user("alice");
		List<User> stalled = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			stalled.add(fixture.user("stalled" + i));
		}
		List<User> members = new ArrayList<>(stalled);
		members.add(0, alice);
		String roomId = fixture.room(members.toArray(User[]::new));
		List<RawWebSocket> stalledSockets = new ArrayList<>();
		try {
			for (User user : stalled) {
				RawWebSocket socket = RawWebSocket.open(fixture.port(), user.cookie(), RealtimeFixture.ORIGIN, 2048);
				assertThat(socket.status).isEqualTo(101);
				socket.connectAndSubscribe(user.maskedCsrf(), "/topic/rooms/" + roomId);
				stalledSockets.add(socket);
			}
			StompTestClient reader = fixture.connect(alice);
			List<JsonNode> received = subscribeToRoom(reader, roomId);
			List<RoomEvent> events = roomEvents(roomId, alice, 100, "x".repeat(4000));

			// the stalled clients' socket buffers fill within the first few messages;
			// with
			// a writer waiting on each of them, the reader would wait the 5 s send time
			// limit (after which the stalled clients are closed)
			publishAll(events);

			await().atMost(Duration.ofSeconds(3)).until(() -> received.size() == 100);
			assertThat(received).extracting((message) -> message.get("seq").asLong())
				.containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
			// a write none of them takes within the send time limit (1 s here) closes
			// them
			await().atMost(Duration.ofSeconds(10))
				.until(() -> stalled.stream().allMatch((user) -> this.clientSessions.count(user.id()) == 0));
			assertThat(this.clientSessions.count(alice.id())).isEqualTo(1);
		}
		finally {
			for (RawWebSocket socket : stalledSockets) {
				socket.close();
			}
		}
	}

	/**
	 * A client that reads but sends nothing, not even heart-beats, for several send time
	 * limits (1 s here; the connection's idle timeout) is not dropped: only a write that
	 * waits on the client is.
	 */
	@Test
	void aQuietClientStaysConnected() throws Exception {
		User bob = fixture.user("bob");
		String roomId = fixture.room(bob);
		try (RawWebSocket socket = RawWebSocket.open(fixture.port(), bob.cookie(), RealtimeFixture.ORIGIN, 0)) {
			socket.connectAndSubscribe(bob.maskedCsrf(), "/user/queue/errors");

			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(10))
				.until(() -> this.clientSessions.count(bob.id()) == 1);
			socket.send("SEND\ndestination:/app/rooms/" + roomId + "/messages\ncontent-type:application/json\n"
					+ "receipt:still-here\n\n{\"messageId\":\"" + UUID.randomUUID() + "\",\"text\":\"hi\"}\0");
			assertThat(socket.readUntil("RECEIPT")).contains("receipt-id:still-here");
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
		JettyServerCustomizer smallSendBuffers() {
			return (server) -> {
				for (Connector connector : server.getConnectors()) {
					((ServerConnector) connector).setAcceptedSendBufferSize(16384);
				}
			};
		}

	}

}
