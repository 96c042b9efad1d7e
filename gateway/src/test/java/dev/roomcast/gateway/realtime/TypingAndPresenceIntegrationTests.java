package dev.roomcast.gateway.realtime;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.PresenceChanged;
import dev.roomcast.events.PresenceChanged.Status;
import dev.roomcast.events.Topics;
import dev.roomcast.gateway.realtime.RealtimeFixture.Seat;
import dev.roomcast.gateway.realtime.RealtimeFixture.User;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.kafka.TopicWatcher;
import dev.roomcast.testsupport.stomp.StompTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Typing signals and presence against the real Redis and Kafka. The presence timings it
 * relies on (idle after 4 s, heart-beat every 500 ms living 2 s) are in
 * {@code application-test.yml}.
 */
@RoomcastIntegrationTest
class TypingAndPresenceIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	MeterRegistry registry;

	@Autowired
	StringRedisTemplate redis;

	@RegisterExtension
	static final RealtimeFixture fixture = new RealtimeFixture();

	@RegisterExtension
	final TopicWatcher<PresenceChanged> presence = TopicWatcher.of(Topics.USER_PRESENCE, PresenceChanged.class,
			PresenceChanged::userId);

	@RegisterExtension
	final TopicWatcher<MessageSubmitted> inbound = TopicWatcher.of(Topics.CHAT_INBOUND, MessageSubmitted.class,
			MessageSubmitted::roomId);

	@Test
	void typingReachesTheOtherMembersOnlyAndIsNeverStored() throws Exception {
		User alice = fixture.user("alice");
		User bob = fixture.user("bob");
		User mallory = fixture.user("mallory");
		String roomId = fixture.room(alice, bob);
		List<JsonNode> alicesView = connect(alice).watchTyping(roomId);
		StompTestClient bobsClient = connect(bob);
		List<JsonNode> bobsView = bobsClient.watchTyping(roomId);
		StompTestClient mallorysClient = connect(mallory);
		List<JsonNode> mallorysView = new CopyOnWriteArrayList<>();
		assertThat(
				mallorysClient.subscribe("/topic/rooms/" + roomId + "/typing", mallorysView).get(30, TimeUnit.SECONDS))
			.as("a non-member's typing subscription gets no receipt")
			.isFalse();
		assertThat(mallorysClient.errors())
			.anySatisfy((error) -> assertThat(error.get("code").asString()).isEqualTo("NOT_A_MEMBER"));

		bobsClient.typing(roomId);
		await().atMost(WAIT).until(() -> alicesView.size() == 1);
		JsonNode signal = alicesView.get(0);
		assertThat(signal.get("type").asString()).isEqualTo("TYPING");
		assertThat(signal.get("roomId").asString()).isEqualTo(roomId);
		assertThat(signal.get("userId").asString()).isEqualTo(bob.id());
		assertThat(signal.has("displayName")).isTrue();

		// a message after the signal: the inbound topic holds the message only
		String messageId = UUID.randomUUID().toString();
		assertThat(bobsClient.send(roomId, messageId, "hi").get(30, TimeUnit.SECONDS)).isTrue();
		this.inbound.await((message) -> message.messageId().equals(messageId));
		assertThat(this.inbound.seen()).filteredOn((message) -> roomId.equals(message.roomId()))
			.extracting(MessageSubmitted::messageId)
			.containsExactly(messageId);
		assertThat(bobsView).as("the typist's own sessions").isEmpty();
		assertThat(mallorysView).isEmpty();
	}

	@Test
	void aNonMembersTypingIsRefused() throws Exception {
		Seat mallory = fixture.outsideNewRoom("mallory");
		mallory.client().typing(mallory.roomId());
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(mallory.client().errors())
				.anySatisfy((error) -> assertThat(error.get("code").asString()).isEqualTo("NOT_A_MEMBER")));
	}

	@Test
	void typingIsForwardedAtMostOncePerInterval() throws Exception {
		User alice = fixture.user("alice");
		User bob = fixture.user("bob");
		User carol = fixture.user("carol");
		String roomId = fixture.room(alice, bob, carol);
		List<JsonNode> alicesView = connect(alice).watchTyping(roomId);
		StompTestClient bobsClient = connect(bob);
		double droppedBefore = dropped();
		bobsClient.typing(roomId);
		bobsClient.typing(roomId);
		bobsClient.typing(roomId);
		await().atMost(WAIT).until(() -> dropped() - droppedBefore >= 2);
		// carol's signal follows bob's on the same relay: once it is here, any of bob's
		// is
		connect(carol).typing(roomId);
		await().atMost(WAIT)
			.until(() -> alicesView.stream().anyMatch((signal) -> signal.get("userId").asString().equals(carol.id())));
		assertThat(alicesView).extracting((signal) -> signal.get("userId").asString())
			.containsExactly(bob.id(), carol.id());
	}

	@Test
	void typingFromAnotherGatewayInstanceReachesLocalSubscribers() throws Exception {
		User alice = fixture.user("alice");
		User bob = fixture.user("bob");
		String roomId = fixture.room(alice, bob);
		List<JsonNode> alicesView = connect(alice).watchTyping(roomId);
		// what another instance publishes when bob types there
		this.redis.convertAndSend("roomcast:typing", "{\"type\":\"TYPING\",\"roomId\":\"" + roomId + "\",\"userId\":\""
				+ bob.id() + "\",\"displayName\":\"Bob\"}");
		await().atMost(WAIT).until(() -> alicesView.size() == 1);
		assertThat(alicesView.get(0).get("displayName").asString()).isEqualTo("Bob");
	}

	@Test
	void aUserIsOnlineWhileAnySocketIsOpenAndOfflineAfterTheLast() throws Exception {
		User alice = fixture.user("alice");
		StompTestClient first = connect(alice);
		awaitPresence(alice.id(), Status.ONLINE);
		assertThat(this.redis.opsForValue().get(PresenceChanged.STATUS_KEY_PREFIX + alice.id())).isEqualTo("ONLINE");
		StompTestClient second = connect(fixture.otherSession(alice));
		first.close();
		assertThat(second.isConnected()).isTrue();
		second.close();
		awaitPresence(alice.id(), Status.OFFLINE);
		assertThat(changesOf(alice.id())).as("offline only after the last socket closed")
			.filteredOn((status) -> status == Status.OFFLINE)
			.hasSize(1);
		assertThat(this.redis.hasKey(PresenceChanged.STATUS_KEY_PREFIX + alice.id())).isFalse();
	}

	@Test
	void anIdleUserIsAwayAndOnlineAgainOnTheirNextFrame() throws Exception {
		User alice = fixture.user("alice");
		User bob = fixture.user("bob");
		String roomId = fixture.room(alice, bob);
		StompTestClient client = connect(alice);
		awaitPresence(alice.id(), Status.ONLINE);
		awaitPresence(alice.id(), Status.AWAY);
		client.typing(roomId);
		await().atMost(WAIT).until(() -> {
			List<Status> changes = changesOf(alice.id());
			return changes.lastIndexOf(Status.ONLINE) > changes.indexOf(Status.AWAY);
		});
	}

	@Test
	void theUsersOfADeadGatewayInstanceGoOffline() throws Exception {
		String userId = UUID.randomUUID().toString();
		String deadInstance = "dead-" + UUID.randomUUID();
		// what an instance killed without a shutdown leaves behind: its views, no
		// heart-beat
		this.redis.opsForHash().put("roomcast:presence:user:" + userId, deadInstance, "ONLINE");
		this.redis.opsForSet().add("roomcast:presence:gateway-users:" + deadInstance, userId);
		this.redis.opsForValue().set(PresenceChanged.STATUS_KEY_PREFIX + userId, "ONLINE");
		this.redis.opsForSet().add("roomcast:presence:gateways", deadInstance);
		awaitPresence(userId, Status.OFFLINE);
		assertThat(this.redis.hasKey(PresenceChanged.STATUS_KEY_PREFIX + userId)).isFalse();
		assertThat(this.redis.opsForSet().isMember("roomcast:presence:gateways", deadInstance)).isFalse();
	}

	private StompTestClient connect(User user) {
		return fixture.connect(user);
	}

	private void awaitPresence(String userId, Status status) {
		this.presence.await((change) -> change.userId().equals(userId) && change.status() == status);
	}

	private List<Status> changesOf(String userId) {
		return this.presence.seen()
			.stream()
			.filter((change) -> change.userId().equals(userId))
			.map(PresenceChanged::status)
			.toList();
	}

	private double dropped() {
		return this.registry.get("roomcast.typing.dropped").counter().count();
	}

}
