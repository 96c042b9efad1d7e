package dev.roomcast.gateway.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import dev.roomcast.gateway.realtime.RealtimeFixture.Seat;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.kafka.TopicReader;
import dev.roomcast.testsupport.stomp.StompTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.roomcast.gateway.realtime.RealtimeFixture.assertError;
import static dev.roomcast.gateway.realtime.RealtimeFixture.roomEvent;
import static org.awaitility.Awaitility.await;

/**
 * Edits and deletions at the gateway, against the real Kafka and Redis: the same checks
 * and receipts as a message, stored in {@code chat.inbound} with their type and target,
 * and delivered to subscribers with them.
 */
@RoomcastIntegrationTest
class MessageChangeIntegrationTests {

	@RegisterExtension
	static final RealtimeFixture fixture = new RealtimeFixture("room-events-fan-out");

	private static KafkaConsumer<String, MessageSubmitted> inbound;

	private final List<MessageSubmitted> submitted = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void readInbound() {
		inbound = TopicReader.consumerAtEnd(Topics.CHAT_INBOUND, EventSerde.of(MessageSubmitted.class));
	}

	@AfterAll
	static void stopReading() {
		inbound.close();
	}

	@Test
	void storesAnEditAndADeletionWithTheirTargetBeforeTheReceipt() throws Exception {
		Seat alice = fixture.inNewRoom("alice");
		String roomId = alice.roomId();
		StompTestClient client = alice.client();
		String editId = UUID.randomUUID().toString();
		String deletionId = UUID.randomUUID().toString();

		assertThat(client.edit(roomId, editId, 3, "fixed").get(30, TimeUnit.SECONDS)).isTrue();
		assertThat(client.delete(roomId, deletionId, 3).get(30, TimeUnit.SECONDS)).isTrue();

		MessageSubmitted edit = awaitSubmitted(editId);
		assertThat(edit.type()).isEqualTo(RoomEvent.Type.EDIT);
		assertThat(edit.targetSeq()).isEqualTo(3L);
		assertThat(edit.text()).isEqualTo("fixed");
		assertThat(edit.senderId()).isEqualTo(alice.user().id());
		assertThat(edit.roomId()).isEqualTo(roomId);
		MessageSubmitted deletion = awaitSubmitted(deletionId);
		assertThat(deletion.type()).isEqualTo(RoomEvent.Type.DELETE);
		assertThat(deletion.targetSeq()).isEqualTo(3L);
		assertThat(deletion.text()).isNull();
		assertThat(client.errors()).isEmpty();
	}

	@Test
	void refusesAChangeFromANonMember() throws Exception {
		Seat mallory = fixture.outsideNewRoom("mallory");
		String deletionId = UUID.randomUUID().toString();

		assertThat(mallory.client().delete(mallory.roomId(), deletionId, 3).get(30, TimeUnit.SECONDS)).isFalse();

		assertError(mallory.client(), "NOT_A_MEMBER", deletionId);
	}

	@Test
	void refusesAnInvalidEditTextOrTarget() throws Exception {
		Seat alice = fixture.inNewRoom("alice");
		StompTestClient client = alice.client();
		String blank = UUID.randomUUID().toString();

		client.edit(alice.roomId(), blank, 3, " ");
		assertError(client, "INVALID_TEXT", blank);

		String noTarget = UUID.randomUUID().toString();
		client.sendTo("/app/rooms/" + alice.roomId() + "/deletions", Map.of("messageId", noTarget, "targetSeq", 0));
		await().atMost(Duration.ofSeconds(30)).until(() -> client.errors().size() == 2);
		JsonNode error = client.errors().get(1);
		assertThat(error.get("code").asString()).isEqualTo("MALFORMED");
		assertThat(error.get("message").asString()).contains("targetSeq");
		assertThat(error.get("messageId").asString()).isEqualTo(noTarget);
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void deliversEditsAndDeletionsWithTheirTypeAndTarget() throws Exception {
		Seat alice = fixture.inNewRoom("alice");
		String roomId = alice.roomId();
		List<JsonNode> frames = RealtimeFixture.subscribeToRoom(alice.client(), roomId);
		RoomEvent message = roomEvent(roomId, 1, alice.user(), "helo", HashChain.GENESIS);
		RoomEvent edit = change(message, RoomEvent.Type.EDIT, 2, "hello", message.hash());
		RoomEvent deletion = change(message, RoomEvent.Type.DELETE, 3, null, edit.hash());

		RealtimeFixture.publishAll(List.of(message, edit, deletion));

		await().atMost(Duration.ofSeconds(30)).until(() -> frames.size() == 3);
		assertThat(frames).extracting((frame) -> frame.get("type").asString())
			.containsExactly("MESSAGE", "EDIT", "DELETE");
		assertThat(frames.get(0).get("targetSeq").isNull()).isTrue();
		assertThat(frames.get(1).get("targetSeq").asLong()).isEqualTo(1);
		assertThat(frames.get(1).get("text").asString()).isEqualTo("hello");
		assertThat(frames.get(2).get("targetSeq").asLong()).isEqualTo(1);
		assertThat(frames.get(2).get("text").isNull()).isTrue();
	}

	private static RoomEvent change(RoomEvent target, RoomEvent.Type type, long seq, String text, String prevHash) {
		RoomEvent unhashed = new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(), type,
				target.roomId(), seq, UUID.randomUUID().toString(), target.senderId(), target.senderName(), text,
				Instant.now(), prevHash, null, null, null, target.seq());
		return unhashed.withIdAndHash(unhashed.eventId(), HashChain.hash(prevHash, unhashed));
	}

	private MessageSubmitted awaitSubmitted(String messageId) {
		return await().atMost(Duration.ofSeconds(30)).until(() -> {
			synchronized (inbound) {
				for (ConsumerRecord<String, MessageSubmitted> record : inbound.poll(Duration.ofMillis(100))) {
					this.submitted.add(record.value());
				}
			}
			return this.submitted.stream().filter((message) -> message.messageId().equals(messageId)).findFirst();
		}, Optional::isPresent).orElseThrow();
	}

}
