package dev.roomcast.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.Topics;
import dev.roomcast.events.UserUpdate;
import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.kafka.TopicReader;
import dev.roomcast.testsupport.stomp.StompTestClient;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Typing and presence through the whole system, Alice and Bob on two gateway instances:
 * Bob's typing reaches Alice; Bob's presence reaches Alice's updates, and when Bob's
 * gateway is killed, his OFFLINE reaches her within the documented bound.
 */
class TypingAndPresenceSystemTests {

	private static final Duration PIPELINE = Duration.ofSeconds(60);

	/**
	 * docs/api.md: a killed instance's users go offline within heartbeat-ttl +
	 * heartbeat-interval (15 s + 5 s by default), plus the delivery through Kafka.
	 */
	private static final Duration OFFLINE_BOUND = Duration.ofSeconds(20);

	private static final Duration DELIVERY_SLACK = Duration.ofSeconds(10);

	private final RoomcastSystem system = RoomcastSystem.shared();

	@Test
	void bobsTypingOnOneGatewayReachesAliceOnAnotherAndIsNotAMessage() {
		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		try (ChatRoom.Connected chat = room.connect(this.system.gatewayUrl(), this.system.secondGatewayUrl())) {
			StompTestClient alice = chat.alice();
			StompTestClient bob = chat.bob();
			List<JsonNode> typing = alice.watchTyping(room.roomId());
			bob.typing(room.roomId());
			await().atMost(PIPELINE).until(() -> !typing.isEmpty());
			assertThat(typing.get(0).get("userId").asString()).isEqualTo(room.bobId());
			assertThat(typing.get(0).get("type").asString()).isEqualTo("TYPING");

			assertThat(bob.send(room.roomId(), UUID.randomUUID().toString(), "done typing").join()).isTrue();
			await().atMost(PIPELINE).until(() -> alice.messages(room.roomId()).size() == 1);
			assertThat(alice.seqs(room.roomId())).as("the typing signal took no seq")
				.containsExactly(ChatRoom.FIRST_MESSAGE_SEQ);
			// history follows the live stream: wait for the message to be stored
			await().atMost(PIPELINE)
				.untilAsserted(() -> assertThat(room.alice()
					.history(room.roomId(), 0, 50)
					.valueStream()
					.filter((event) -> !event.hasNonNull("type") || "MESSAGE".equals(event.get("type").asString()))
					.map((event) -> event.get("text").asString())).containsExactly("done typing"));
		}
	}

	@Test
	void bobOnlineReachesAliceAndHisKilledGatewayTakesHimOfflineWithinTheBound() {
		String second = this.system.secondGatewayUrl();
		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		try (KafkaConsumer<String, UserUpdate> updates = TopicReader.consumerAtEnd(Topics.USER_UPDATES,
				EventSerde.of(UserUpdate.class));
				StompTestClient alice = StompTestClient.connect(this.system.gatewayUrl(), room.alice());
				StompTestClient bob = StompTestClient.connect(second, room.bob().sameSessionAt(second))) {
			List<UserUpdate> forAlice = new ArrayList<>();
			awaitStatus(updates, forAlice, room.aliceId(), room.bobId(), "ONLINE", PIPELINE);
			assertThat(room.alice().contacts().get(0).get("presence").asString()).isEqualTo("ONLINE");

			long killedAt = System.nanoTime();
			this.system.killSecondGateway();
			awaitStatus(updates, forAlice, room.aliceId(), room.bobId(), "OFFLINE", PIPELINE);
			Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
			System.out.printf("Bob OFFLINE for Alice %d ms after his gateway was killed (bound %d ms)%n",
					took.toMillis(), OFFLINE_BOUND.toMillis());
			assertThat(took).isLessThanOrEqualTo(OFFLINE_BOUND.plus(DELIVERY_SLACK));
			assertThat(room.alice().contacts().get(0).get("presence").asString()).isEqualTo("OFFLINE");
		}
	}

	private static void awaitStatus(KafkaConsumer<String, UserUpdate> updates, List<UserUpdate> received,
			String forUser, String ofUser, String status, Duration timeout) {
		await().atMost(timeout).until(() -> {
			updates.poll(Duration.ofMillis(200)).forEach((record) -> received.add(record.value()));
			return received.stream()
				.anyMatch((update) -> update.userId().equals(forUser) && update.type() == UserUpdate.Type.PRESENCE
						&& ofUser.equals(update.data().get("userId")) && status.equals(update.data().get("status")));
		});
	}

}
