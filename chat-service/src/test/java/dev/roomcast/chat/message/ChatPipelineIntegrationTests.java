package dev.roomcast.chat.message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.security.PublicKey;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import dev.roomcast.events.ChainHeadSignature;
import dev.roomcast.events.ChainHeadSigned;
import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.MessageRejected;
import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.RoomSnapshot;
import dev.roomcast.events.Topics;
import dev.roomcast.testsupport.http.HttpProbe;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@RoomcastIntegrationTest
class ChatPipelineIntegrationTests {

	/** The public half of the key in application-test.yml. */
	private static final PublicKey SIGNING_KEY = ChainHeadSignature
		.publicKey("MCowBQYDK2VwAyEA9z+b7J40m9o0mBdetyOgiJCDysvZiXWlMNgV6jM10uU=");

	/** Heads are signed after this many events of a room (application-test.yml). */
	private static final int SIGN_EVERY_EVENTS = 5;

	private static final EventSerde<MessageSubmitted> SUBMITTED = EventSerde.of(MessageSubmitted.class);

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void ordersARoomsMessagesFromTwoSendersWithSeqOneToN() {
		String room = createRoom("ada", "bob");
		List<MessageSubmitted> sent = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			MessageSubmitted message = message(room, (i % 2 == 0) ? "ada" : "bob", "message " + i);
			sent.add(message);
			send(room, message);
		}
		List<RoomEvent> events = awaitRoomEvents(room, 100);
		assertThat(events).extracting(RoomEvent::seq)
			.containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());
		assertThat(events).extracting(RoomEvent::messageId)
			.containsExactlyElementsOf(sent.stream().map(MessageSubmitted::messageId).toList());
		assertThat(events.get(0).prevHash()).isEqualTo(HashChain.GENESIS);
		for (int i = 1; i < events.size(); i++) {
			assertThat(events.get(i).prevHash()).isEqualTo(events.get(i - 1).hash());
		}
		assertThat(events).allMatch(HashChain::verifies);
	}

	@Test
	void aRepeatedMessageIdComesOutOnce() {
		String room = createRoom("ada", "bob");
		MessageSubmitted message = message(room, "ada", "hello once");
		send(room, message);
		send(room, message);
		MessageSubmitted next = message(room, "bob", "next");
		send(room, next);
		List<RoomEvent> events = awaitRoomEvents(room, 2);
		assertThat(events).extracting(RoomEvent::messageId).containsExactly(message.messageId(), next.messageId());
		assertThat(events).extracting(RoomEvent::seq).containsExactly(1L, 2L);
	}

	@Test
	void rejectsANonMemberOnTheirNotices() {
		String room = createRoom("ada", "bob");
		String intruder = "eve-" + UUID.randomUUID();
		MessageSubmitted message = message(room, intruder, "let me in");
		send(room, message);
		List<ConsumerRecord<String, byte[]>> notices = awaitRecords(Topics.CHAT_NOTICES,
				(record) -> intruder.equals(record.key()), 1);
		MessageRejected rejected = EventSerde.of(MessageRejected.class)
			.deserialize(Topics.CHAT_NOTICES, notices.get(0).value());
		assertThat(rejected.code()).isEqualTo(MessageRejected.Reason.NOT_A_MEMBER);
		assertThat(rejected.messageId()).isEqualTo(message.messageId());
		assertThat(rejected.roomId()).isEqualTo(room);
	}

	@Test
	void acceptsTheFirstMessageOfARoomCreatedAMomentBefore() {
		String room = "room-" + UUID.randomUUID();
		MessageSubmitted message = message(room, "ada", "first!");
		publishRoom(room, "ada", "bob");
		send(room, message);
		assertThat(awaitRoomEvents(room, 1)).extracting(RoomEvent::messageId).containsExactly(message.messageId());
	}

	@Test
	void deadLettersAPoisonRecordAndTheRoomKeepsFlowing() {
		String room = createRoom("ada", "bob");
		TopicReader.producer()
			.send(new ProducerRecord<>(Topics.CHAT_INBOUND, room, "{oops".getBytes(StandardCharsets.UTF_8)));
		MessageSubmitted after = message(room, "bob", "still flowing");
		send(room, after);
		List<ConsumerRecord<String, byte[]>> dead = awaitRecords(Topics.deadLetter(Topics.CHAT_INBOUND),
				(record) -> room.equals(record.key()), 1);
		assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{oops");
		assertThat(awaitRoomEvents(room, 1)).extracting(RoomEvent::messageId).containsExactly(after.messageId());
		assertThat(HttpProbe.get(this.managementPort, "/actuator/prometheus").body())
			.contains("roomcast_messages_accepted_total")
			.contains("roomcast_kafka_dead_lettered_total")
			.contains("roomcast_messages_rejected_total{application=\"chat-service\",reason=\"NOT_A_MEMBER\"}")
			.contains("kafka_stream");
	}

	@Test
	void ordersMembershipChangesBetweenMessagesAndRefusesARemovedMember() {
		String room = createRoom("ada", "bob", "carol");
		send(room, message(room, "carol", "hi, it's carol"));
		awaitRoomEvents(room, 1);
		// account-service's order: the removal's snapshot, then the removal
		publishRoom(room, 2, "ada", "bob");
		MessageSubmitted removal = membership(room, RoomEvent.Type.MEMBER_REMOVED, "ada", "carol", 2);
		send(room, removal);
		send(room, removal);
		MessageSubmitted refused = message(room, "carol", "am I still here?");
		send(room, refused);
		send(room, message(room, "bob", "bye carol"));
		List<RoomEvent> events = awaitRoomEvents(room, 3);
		assertThat(events).extracting(RoomEvent::seq).containsExactly(1L, 2L, 3L);
		assertThat(events).extracting(RoomEvent::type)
			.containsExactly(RoomEvent.Type.MESSAGE, RoomEvent.Type.MEMBER_REMOVED, RoomEvent.Type.MESSAGE);
		assertThat(events.get(1).memberId()).isEqualTo("carol");
		assertThat(events.get(1).senderId()).isEqualTo("ada");
		assertThat(events.get(1).prevHash()).isEqualTo(events.get(0).hash());
		assertThat(events.get(2).prevHash()).isEqualTo(events.get(1).hash());
		assertThat(events).allMatch(HashChain::verifies);
		List<ConsumerRecord<String, byte[]>> notices = awaitRecords(Topics.CHAT_NOTICES,
				(record) -> "carol".equals(record.key())
						&& new String(record.value(), StandardCharsets.UTF_8).contains(refused.messageId()),
				1);
		assertThat(EventSerde.of(MessageRejected.class).deserialize(Topics.CHAT_NOTICES, notices.get(0).value()).code())
			.isEqualTo(MessageRejected.Reason.NOT_A_MEMBER);
	}

	@Test
	void signsHeadsAfterEveryEventsAndAfterTheIntervalThatVerifyWithThePublicKey() {
		String room = createRoom("ada", "bob");
		for (int i = 0; i < SIGN_EVERY_EVENTS + 2; i++) {
			send(room, message(room, "ada", "m" + i));
		}
		List<RoomEvent> events = awaitRoomEvents(room, SIGN_EVERY_EVENTS + 2);
		// a head at least every N events, and the last one once the interval passed;
		// where the interval falls among the sends decides the others
		long last = SIGN_EVERY_EVENTS + 2;
		assertThat(heads(room, (head) -> head.seq() == last, 1)).hasSize(1);
		List<ChainHeadSigned> heads = heads(room, (head) -> true, 2);
		assertThat(heads.get(heads.size() - 1).seq()).isEqualTo(last);
		long previous = 0;
		for (ChainHeadSigned head : heads) {
			assertThat(head.seq() - previous).isBetween(1L, (long) SIGN_EVERY_EVENTS);
			assertThat(head.hash()).isEqualTo(events.get((int) head.seq() - 1).hash());
			assertThat(ChainHeadSignature.verify(head, SIGNING_KEY)).isTrue();
			assertThat(head.keyId()).isEqualTo(ChainHeadSignature.keyId(SIGNING_KEY));
			previous = head.seq();
		}
	}

	private static List<ChainHeadSigned> heads(String room, Predicate<ChainHeadSigned> filter, int count) {
		EventSerde<ChainHeadSigned> serde = EventSerde.of(ChainHeadSigned.class);
		return TopicReader
			.read(Topics.CHAT_CHAIN_HEADS,
					(record) -> room.equals(record.key())
							&& filter.test(serde.deserialize(record.topic(), record.value())),
					count, Duration.ofSeconds(60))
			.stream()
			.map((record) -> serde.deserialize(record.topic(), record.value()))
			.toList();
	}

	private String createRoom(String... members) {
		String room = "room-" + UUID.randomUUID();
		publishRoom(room, members);
		return room;
	}

	private void publishRoom(String room, String... members) {
		publishRoom(room, 1, members);
	}

	private void publishRoom(String room, long version, String... members) {
		RoomSnapshot snapshot = new RoomSnapshot(RoomSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(),
				Instant.now(), room, RoomSnapshot.Kind.GROUP, "Room", members[0], List.of(members), version);
		TopicReader.producer()
			.send(new ProducerRecord<>(Topics.ACCOUNT_ROOMS, room,
					EventSerde.of(RoomSnapshot.class).serialize(Topics.ACCOUNT_ROOMS, snapshot)));
		TopicReader.producer().flush();
	}

	private void send(String room, MessageSubmitted message) {
		TopicReader.producer()
			.send(new ProducerRecord<>(Topics.CHAT_INBOUND, room, SUBMITTED.serialize(Topics.CHAT_INBOUND, message)));
		TopicReader.producer().flush();
	}

	private static MessageSubmitted message(String room, String sender, String text) {
		return new MessageSubmitted(MessageSubmitted.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
				UUID.randomUUID().toString(), room, sender, "Name of " + sender, text);
	}

	private static MessageSubmitted membership(String room, RoomEvent.Type type, String actor, String member,
			long version) {
		return new MessageSubmitted(MessageSubmitted.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
				UUID.randomUUID().toString(), room, actor, "Name of " + actor, null, type, member, "Name of " + member,
				version);
	}

	private static List<RoomEvent> awaitRoomEvents(String room, int count) {
		return awaitRecords(Topics.CHAT_ROOM_EVENTS, (record) -> room.equals(record.key()), count).stream()
			.map((record) -> EventSerde.of(RoomEvent.class).deserialize(record.topic(), record.value()))
			.toList();
	}

	/**
	 * The records of a topic that match, once exactly {@code count} of them arrived (an
	 * extra one fails the test).
	 */
	private static List<ConsumerRecord<String, byte[]>> awaitRecords(String topic,
			Predicate<ConsumerRecord<String, byte[]>> filter, int count) {
		List<ConsumerRecord<String, byte[]>> matching = TopicReader.read(topic, filter, count, Duration.ofSeconds(60));
		assertThat(matching).hasSize(count);
		return matching;
	}

}
