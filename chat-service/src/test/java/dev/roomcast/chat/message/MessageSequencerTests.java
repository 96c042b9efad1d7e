package dev.roomcast.chat.message;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.roomcast.chat.config.ChatProperties;
import dev.roomcast.chat.signing.HeadSigner;
import dev.roomcast.chat.signing.HeadSigningProperties;
import dev.roomcast.events.ChainHeadSignature;
import dev.roomcast.events.ChainHeadSigned;
import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.MessageRejected;
import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.RoomDirectory;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.RoomSnapshot;
import dev.roomcast.events.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class MessageSequencerTests {

	private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

	private static final KeyPair KEYS = ChainHeadSignature.generateKeyPair();

	private static final int SIGN_EVERY_EVENTS = 5;

	private static final Duration SIGN_EVERY = Duration.ofSeconds(10);

	private static final Duration EDIT_WINDOW = Duration.ofHours(24);

	@TempDir
	Path stateDir;

	private final RoomDirectory directory = new RoomDirectory();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private TopologyTestDriver driver;

	private TestInputTopic<String, byte[]> inbound;

	private TestOutputTopic<String, RoomEvent> roomEvents;

	private TestOutputTopic<String, MessageRejected> notices;

	private TestOutputTopic<String, byte[]> deadLetters;

	private TestOutputTopic<String, ChainHeadSigned> heads;

	@BeforeEach
	void startDriver() {
		this.directory.apply("r-1", room("r-1", "u-1", "u-2"));
		this.directory.apply("r-2", room("r-2", "u-1"));
		StreamsBuilder builder = new StreamsBuilder();
		ChatProperties properties = new ChatProperties(Duration.ofMillis(5), null, EDIT_WINDOW);
		OrderingTopology.build(builder, this.directory, new HeadSigner(KEYS.getPrivate()), properties,
				new HeadSigningProperties(SIGN_EVERY_EVENTS, SIGN_EVERY), new SequencerMetrics(this.registry));
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "chat-service-tests");
		config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
		config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
		config.put(StreamsConfig.STATE_DIR_CONFIG, this.stateDir.toString());
		this.driver = new TopologyTestDriver(builder.build(), config);
		// every inbound record stamped NOW
		this.inbound = this.driver.createInputTopic(Topics.CHAT_INBOUND, Serdes.String().serializer(),
				Serdes.ByteArray().serializer(), NOW, Duration.ZERO);
		this.roomEvents = this.driver.createOutputTopic(Topics.CHAT_ROOM_EVENTS, Serdes.String().deserializer(),
				EventSerde.of(RoomEvent.class));
		this.notices = this.driver.createOutputTopic(Topics.CHAT_NOTICES, Serdes.String().deserializer(),
				EventSerde.of(MessageRejected.class));
		this.heads = this.driver.createOutputTopic(Topics.CHAT_CHAIN_HEADS, Serdes.String().deserializer(),
				EventSerde.of(ChainHeadSigned.class));
		this.deadLetters = this.driver.createOutputTopic(Topics.deadLetter(Topics.CHAT_INBOUND),
				Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
	}

	@AfterEach
	void closeDriver() {
		this.driver.close();
	}

	@Test
	void assignsConsecutiveSeqPerRoomAndChainsTheHash() {
		submit(message("r-1", "u-1", "one"));
		submit(message("r-2", "u-1", "other room"));
		submit(message("r-1", "u-2", "two"));
		submit(message("r-1", "u-1", "three"));
		List<TestRecord<String, RoomEvent>> events = this.roomEvents.readRecordsToList();
		List<RoomEvent> room1 = events.stream().map(TestRecord::value).filter((e) -> e.roomId().equals("r-1")).toList();
		assertThat(room1).extracting(RoomEvent::seq).containsExactly(1L, 2L, 3L);
		assertThat(room1).extracting(RoomEvent::text).containsExactly("one", "two", "three");
		assertThat(room1.get(0).prevHash()).isEqualTo(HashChain.GENESIS);
		assertThat(room1.get(1).prevHash()).isEqualTo(room1.get(0).hash());
		assertThat(room1.get(2).prevHash()).isEqualTo(room1.get(1).hash());
		assertThat(room1).allMatch(HashChain::verifies);
		assertThat(events).filteredOn((e) -> e.value().roomId().equals("r-2"))
			.extracting((e) -> e.value().seq())
			.containsExactly(1L);
		assertThat(events).allMatch((e) -> e.key().equals(e.value().roomId()));
		assertThat(counter("roomcast.messages.accepted")).isEqualTo(4);
	}

	@Test
	void copiesTheSubmittedFieldsAndTimes() {
		MessageSubmitted submitted = submit(message("r-1", "u-1", "hello"));
		RoomEvent event = this.roomEvents.readValue();
		assertThat(event.type()).isEqualTo(RoomEvent.Type.MESSAGE);
		assertThat(event.messageId()).isEqualTo(submitted.messageId());
		assertThat(event.senderId()).isEqualTo("u-1");
		assertThat(event.senderName()).isEqualTo("Name of u-1");
		assertThat(event.sentAt()).isEqualTo(submitted.occurredAt());
		assertThat(event.occurredAt()).isEqualTo(NOW);
		assertThat(event.schemaVersion()).isEqualTo(RoomEvent.SCHEMA_VERSION);
	}

	@Test
	void forwardsTheSameEventWhenTheSameInputIsOrderedAgainFromTheSameState() {
		MessageSubmitted first = message("r-1", "u-1", "one");
		MessageSubmitted second = message("r-1", "u-2", "two");
		submit(first);
		submit(second);
		List<RoomEvent> ordered = this.roomEvents.readValuesToList();
		// what the retry of an aborted transaction does: restored stores, same input
		this.driver.close();
		startDriver();
		submit(first);
		submit(second);

		assertThat(this.roomEvents.readValuesToList()).containsExactlyElementsOf(ordered);
		assertThat(ordered).extracting(RoomEvent::eventId)
			.doesNotHaveDuplicates()
			.allSatisfy((eventId) -> assertThat(UUID.fromString(eventId)).hasToString(eventId));
	}

	@Test
	void dropsARepeatedMessageIdForGood() {
		MessageSubmitted first = submit(message("r-1", "u-1", "once"));
		for (int i = 0; i < 5; i++) {
			submit(message("r-1", "u-2", "filler " + i));
		}
		submit(first);
		submit(first);
		List<RoomEvent> events = this.roomEvents.readValuesToList();
		assertThat(events).extracting(RoomEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
		assertThat(events).filteredOn((e) -> e.messageId().equals(first.messageId())).hasSize(1);
		assertThat(counter("roomcast.messages.duplicates")).isEqualTo(2);
	}

	@Test
	void theSameMessageIdInAnotherRoomIsAnotherMessage() {
		MessageSubmitted first = submit(message("r-1", "u-1", "hi"));
		submit(new MessageSubmitted(1, "e", first.occurredAt(), first.messageId(), "r-2", "u-1", "Name of u-1", "hi"));
		assertThat(this.roomEvents.readValuesToList()).extracting(RoomEvent::roomId).containsExactly("r-1", "r-2");
	}

	@Test
	void rejectsANonMemberToTheirNotices() {
		MessageSubmitted intruder = submit(message("r-2", "u-2", "let me in"));
		assertThat(this.roomEvents.isEmpty()).isTrue();
		TestRecord<String, MessageRejected> notice = this.notices.readRecord();
		assertThat(notice.key()).isEqualTo("u-2");
		assertThat(notice.value().code()).isEqualTo(MessageRejected.Reason.NOT_A_MEMBER);
		assertThat(notice.value().messageId()).isEqualTo(intruder.messageId());
		assertThat(notice.value().roomId()).isEqualTo("r-2");
		assertThat(notice.value().userId()).isEqualTo("u-2");
		assertThat(rejected("NOT_A_MEMBER")).isEqualTo(1);
	}

	@Test
	void rejectsEmptyAndTooLongTextButAcceptsTheLimitInCodePoints() {
		submit(message("r-1", "u-1", ""));
		submit(message("r-1", "u-1", "x".repeat(4001)));
		submit(message("r-1", "u-1", "\uD83D\uDE02".repeat(4000)));
		assertThat(this.notices.readValuesToList()).extracting(MessageRejected::code)
			.containsExactly(MessageRejected.Reason.INVALID_TEXT, MessageRejected.Reason.INVALID_TEXT);
		assertThat(this.roomEvents.readValuesToList()).extracting(RoomEvent::seq).containsExactly(1L);
		assertThat(rejected("INVALID_TEXT")).isEqualTo(2);
	}

	@Test
	void deadLettersUnreadableBytesAndKeepsOrderingTheRoom() {
		submit(message("r-1", "u-1", "before"));
		this.inbound.pipeInput("r-1", "{not json".getBytes(StandardCharsets.UTF_8));
		submit(message("r-1", "u-1", "after"));
		TestRecord<String, byte[]> dead = this.deadLetters.readRecord();
		assertThat(dead.key()).isEqualTo("r-1");
		assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
		assertThat(dead.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
		assertThat(dead.headers().lastHeader("kafka_dlt-original-topic").value())
			.isEqualTo(Topics.CHAT_INBOUND.getBytes(StandardCharsets.UTF_8));
		assertThat(this.roomEvents.readValuesToList()).extracting(RoomEvent::seq).containsExactly(1L, 2L);
		assertThat(counter("roomcast.kafka.dead.lettered")).isEqualTo(1);
	}

	@Test
	void deadLettersMissingFieldsANullValueAndAKeyOfAnotherRoom() {
		this.inbound.pipeInput("r-1", "{\"roomId\":\"r-1\",\"senderId\":\"u-1\"}".getBytes(StandardCharsets.UTF_8));
		this.inbound.pipeInput("r-1", (byte[]) null);
		MessageSubmitted misrouted = message("r-2", "u-1", "wrong key");
		this.inbound.pipeInput("r-1", EventSerde.of(MessageSubmitted.class).serialize(null, misrouted));
		assertThat(this.deadLetters.readRecordsToList()).hasSize(3);
		assertThat(this.roomEvents.isEmpty()).isTrue();
		assertThat(this.notices.isEmpty()).isTrue();
	}

	@Test
	void ordersMembershipChangesInTheSameChainAsMessagesWithoutTheMemberCheck() {
		submit(message("r-1", "u-1", "before"));
		MessageSubmitted added = submit(membership("r-1", RoomEvent.Type.MEMBER_ADDED, "u-1", "u-9"));
		submit(message("r-1", "u-2", "after"));
		submit(added);
		List<RoomEvent> events = this.roomEvents.readValuesToList();
		assertThat(events).extracting(RoomEvent::seq).containsExactly(1L, 2L, 3L);
		assertThat(events).extracting(RoomEvent::type)
			.containsExactly(RoomEvent.Type.MESSAGE, RoomEvent.Type.MEMBER_ADDED, RoomEvent.Type.MESSAGE);
		RoomEvent event = events.get(1);
		assertThat(event.memberId()).isEqualTo("u-9");
		assertThat(event.memberName()).isEqualTo("Name of u-9");
		assertThat(event.senderId()).isEqualTo("u-1");
		assertThat(event.text()).isNull();
		assertThat(event.messageId()).isEqualTo(added.messageId());
		assertThat(events.get(1).prevHash()).isEqualTo(events.get(0).hash());
		assertThat(events.get(2).prevHash()).isEqualTo(events.get(1).hash());
		assertThat(events).allMatch(HashChain::verifies);
		assertThat(events.get(0).memberId()).isNull();
		assertThat(counter("roomcast.membership.events")).isEqualTo(1);
		assertThat(counter("roomcast.messages.duplicates")).isEqualTo(1);
	}

	@Test
	void ordersTheRemovalOfAMemberOnceTheDirectoryHoldsItAndRefusesTheirMessagesAfterwards() {
		this.directory.apply("r-1",
				new RoomSnapshot(1, "e", NOW, "r-1", RoomSnapshot.Kind.GROUP, "g", "u-1", List.of("u-1"), 2));
		submit(membership("r-1", RoomEvent.Type.MEMBER_REMOVED, "u-1", "u-2"));
		submit(message("r-1", "u-2", "still here?"));
		assertThat(this.roomEvents.readValuesToList()).extracting(RoomEvent::type)
			.containsExactly(RoomEvent.Type.MEMBER_REMOVED);
		assertThat(this.notices.readValue().code()).isEqualTo(MessageRejected.Reason.NOT_A_MEMBER);
	}

	@Test
	void deadLettersAMembershipChangeWithoutItsMember() {
		MessageSubmitted change = membership("r-1", RoomEvent.Type.MEMBER_ADDED, "u-1", "u-9");
		submit(new MessageSubmitted(2, change.eventId(), change.occurredAt(), change.messageId(), "r-1", "u-1", "Ada",
				null, RoomEvent.Type.MEMBER_ADDED, null, null, 2));
		assertThat(this.deadLetters.readRecordsToList()).hasSize(1);
		assertThat(this.roomEvents.isEmpty()).isTrue();
	}

	@Test
	void signsARoomsHeadAfterEveryEventsAndTheSignatureVerifies() {
		for (int i = 0; i < 2 * SIGN_EVERY_EVENTS + 1; i++) {
			submit(message("r-1", "u-1", "m" + i));
		}
		List<RoomEvent> events = this.roomEvents.readValuesToList();
		List<TestRecord<String, ChainHeadSigned>> signed = this.heads.readRecordsToList();
		assertThat(signed).extracting(TestRecord::key).containsOnly("r-1");
		assertThat(signed).extracting((head) -> head.value().seq()).containsExactly(5L, 10L);
		assertThat(signed).extracting((head) -> head.value().hash())
			.containsExactly(events.get(4).hash(), events.get(9).hash());
		assertThat(signed).allMatch((head) -> ChainHeadSignature.verify(head.value(), KEYS.getPublic()));
		assertThat(signed).extracting((head) -> head.value().keyId())
			.containsOnly(ChainHeadSignature.keyId(KEYS.getPublic()));
		assertThat(counter("roomcast.chain.heads.signed")).isEqualTo(2);
	}

	@Test
	void signsEveryMovedHeadAfterTheIntervalWithFewerEvents() {
		submit(message("r-1", "u-1", "one"));
		submit(message("r-1", "u-2", "two"));
		submit(message("r-2", "u-1", "other room"));
		assertThat(this.heads.isEmpty()).isTrue();
		this.driver.advanceWallClockTime(SIGN_EVERY);
		List<ChainHeadSigned> signed = this.heads.readValuesToList();
		assertThat(signed).extracting(ChainHeadSigned::roomId, ChainHeadSigned::seq)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("r-1", 2L),
					org.assertj.core.groups.Tuple.tuple("r-2", 1L));
		assertThat(signed).allMatch((head) -> ChainHeadSignature.verify(head, KEYS.getPublic()));
		// an unmoved head is not signed again
		this.driver.advanceWallClockTime(SIGN_EVERY);
		assertThat(this.heads.isEmpty()).isTrue();
		submit(message("r-1", "u-1", "three"));
		this.driver.advanceWallClockTime(SIGN_EVERY);
		assertThat(this.heads.readValuesToList()).extracting(ChainHeadSigned::roomId, ChainHeadSigned::seq)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("r-1", 3L));
	}

	@Test
	void ordersTheSendersEditAndDeletionOfTheirMessageInTheChain() {
		MessageSubmitted original = submit(message("r-1", "u-1", "helo"));
		MessageSubmitted edit = submit(change(RoomEvent.Type.EDIT, "r-1", "u-1", 1, "hello", original.occurredAt()));
		submit(change(RoomEvent.Type.DELETE, "r-1", "u-1", 1, null, original.occurredAt()));
		List<RoomEvent> events = this.roomEvents.readValuesToList();
		assertThat(events).extracting(RoomEvent::type)
			.containsExactly(RoomEvent.Type.MESSAGE, RoomEvent.Type.EDIT, RoomEvent.Type.DELETE);
		assertThat(events).extracting(RoomEvent::seq).containsExactly(1L, 2L, 3L);
		assertThat(events).extracting(RoomEvent::targetSeq).containsExactly(null, 1L, 1L);
		assertThat(events).extracting(RoomEvent::text).containsExactly("helo", "hello", null);
		assertThat(events.get(1).messageId()).isEqualTo(edit.messageId());
		assertThat(events.get(2).prevHash()).isEqualTo(events.get(1).hash());
		assertThat(events).allMatch(HashChain::verifies);
		assertThat(this.notices.isEmpty()).isTrue();
		assertThat(this.registry.get("roomcast.messages.changed").tag("type", "EDIT").counter().count()).isEqualTo(1);
	}

	@Test
	void rejectsChangesByAnotherMemberToAMissingOrDeletedMessageOrAMembershipEvent() {
		submit(membership("r-1", RoomEvent.Type.MEMBER_ADDED, "u-1", "u-2"));
		MessageSubmitted original = submit(message("r-1", "u-1", "mine"));
		submit(change(RoomEvent.Type.EDIT, "r-1", "u-2", 2, "yours now", original.occurredAt()));
		submit(change(RoomEvent.Type.DELETE, "r-1", "u-2", 2, null, original.occurredAt()));
		submit(change(RoomEvent.Type.EDIT, "r-1", "u-1", 1, "not a message", original.occurredAt()));
		submit(change(RoomEvent.Type.DELETE, "r-1", "u-1", 9, null, original.occurredAt()));
		submit(change(RoomEvent.Type.DELETE, "r-1", "u-1", 2, null, original.occurredAt()));
		submit(change(RoomEvent.Type.EDIT, "r-1", "u-1", 2, "too late", original.occurredAt()));
		submit(change(RoomEvent.Type.DELETE, "r-1", "u-1", 2, null, original.occurredAt()));
		assertThat(this.roomEvents.readValuesToList()).extracting(RoomEvent::type)
			.containsExactly(RoomEvent.Type.MEMBER_ADDED, RoomEvent.Type.MESSAGE, RoomEvent.Type.DELETE);
		List<MessageRejected> rejections = this.notices.readValuesToList();
		assertThat(rejections).extracting(MessageRejected::code)
			.containsExactly(MessageRejected.Reason.NOT_THE_SENDER, MessageRejected.Reason.NOT_THE_SENDER,
					MessageRejected.Reason.NO_SUCH_MESSAGE, MessageRejected.Reason.NO_SUCH_MESSAGE,
					MessageRejected.Reason.MESSAGE_DELETED, MessageRejected.Reason.MESSAGE_DELETED);
		assertThat(rejections.get(0).userId()).isEqualTo("u-2");
		assertThat(rejections.get(0).message()).contains("Only its sender");
	}

	@Test
	void allowsEditsOnlyWithinTheWindowButDeletionsAtAnyTime() {
		MessageSubmitted original = submit(message("r-1", "u-1", "old news"));
		Instant closing = original.occurredAt().plus(EDIT_WINDOW);
		submit(change(RoomEvent.Type.EDIT, "r-1", "u-1", 1, "just in time", closing));
		submit(change(RoomEvent.Type.EDIT, "r-1", "u-1", 1, "too late", closing.plusMillis(1)));
		submit(change(RoomEvent.Type.DELETE, "r-1", "u-1", 1, null, closing.plus(Duration.ofDays(30))));
		assertThat(this.roomEvents.readValuesToList()).extracting(RoomEvent::text)
			.containsExactly("old news", "just in time", null);
		MessageRejected rejected = this.notices.readValue();
		assertThat(rejected.code()).isEqualTo(MessageRejected.Reason.EDIT_WINDOW_CLOSED);
		assertThat(rejected.message()).contains("24 h");
	}

	@Test
	void dropsARepeatedEditAndRejectsAnInvalidEditText() {
		MessageSubmitted original = submit(message("r-1", "u-1", "typo"));
		MessageSubmitted edit = submit(change(RoomEvent.Type.EDIT, "r-1", "u-1", 1, "fixed", original.occurredAt()));
		submit(edit);
		submit(change(RoomEvent.Type.EDIT, "r-1", "u-1", 1, " ", original.occurredAt()));
		assertThat(this.roomEvents.readValuesToList()).extracting(RoomEvent::seq).containsExactly(1L, 2L);
		assertThat(this.notices.readValue().code()).isEqualTo(MessageRejected.Reason.INVALID_TEXT);
		assertThat(counter("roomcast.messages.duplicates")).isEqualTo(1);
	}

	@Test
	void deadLettersAChangeWithoutATarget() {
		submit(message("r-1", "u-1", "hi"));
		submit(new MessageSubmitted(MessageSubmitted.SCHEMA_VERSION, UUID.randomUUID().toString(), NOW,
				UUID.randomUUID().toString(), "r-1", "u-1", "Name of u-1", null, RoomEvent.Type.DELETE, null, null, 0,
				null));
		assertThat(this.roomEvents.readValuesToList()).hasSize(1);
		assertThat(this.deadLetters.readValuesToList()).hasSize(1);
	}

	@Test
	void continuesWhatTheStoresOfEarlierReleasesKept() {
		// what an instance upgraded with state finds: its rooms in the three stores of
		// the releases before the one store
		String oldHash = "ab".repeat(32);
		this.driver.<String, RoomState>getKeyValueStore(SequencerStore.LEGACY_ROOM_STATES)
			.put("r-1", new RoomState(7, oldHash, 5));
		this.driver.<String, RoomState>getKeyValueStore(SequencerStore.LEGACY_ROOM_STATES)
			.put("r-2", new RoomState(3, oldHash, 1));
		this.driver.<String, Long>getKeyValueStore(SequencerStore.LEGACY_MESSAGE_IDS)
			.put(SequencerStore.key("r-1", "old-message"), 7L);
		this.driver.<String, PostedMessage>getKeyValueStore(SequencerStore.LEGACY_MESSAGES)
			.put(SequencerStore.key("r-1", "7"), new PostedMessage("u-1", NOW.minusSeconds(60), false));
		MessageSubmitted repeated = message("r-1", "u-1", "old");
		submit(new MessageSubmitted(repeated.schemaVersion(), repeated.eventId(), repeated.occurredAt(), "old-message",
				"r-1", "u-1", "Name of u-1", "old"));
		submit(message("r-1", "u-2", "new"));
		submit(change(RoomEvent.Type.EDIT, "r-1", "u-1", 7, "old, edited", NOW));
		submit(change(RoomEvent.Type.DELETE, "r-1", "u-2", 7, null, NOW));
		submit(change(RoomEvent.Type.DELETE, "r-1", "u-1", 7, null, NOW));
		submit(change(RoomEvent.Type.EDIT, "r-1", "u-1", 7, "too late", NOW));
		this.driver.advanceWallClockTime(SIGN_EVERY);

		List<RoomEvent> events = this.roomEvents.readValuesToList();
		assertThat(events).extracting(RoomEvent::seq).containsExactly(8L, 9L, 10L);
		assertThat(events).extracting(RoomEvent::type)
			.containsExactly(RoomEvent.Type.MESSAGE, RoomEvent.Type.EDIT, RoomEvent.Type.DELETE);
		assertThat(events.get(0).prevHash()).isEqualTo(oldHash);
		assertThat(counter("roomcast.messages.duplicates")).isEqualTo(1);
		assertThat(this.notices.readValuesToList()).extracting(MessageRejected::code)
			.containsExactly(MessageRejected.Reason.NOT_THE_SENDER, MessageRejected.Reason.MESSAGE_DELETED);
		assertThat(this.heads.readValuesToList()).extracting(ChainHeadSigned::roomId, ChainHeadSigned::seq)
			.containsExactlyInAnyOrder(tuple("r-1", 10L), tuple("r-2", 3L));
		// nothing is written to the stores of before
		assertThat(
				this.driver.<String, Long>getKeyValueStore(SequencerStore.LEGACY_MESSAGE_IDS).approximateNumEntries())
			.isEqualTo(1);
		assertThat(this.driver.<String, RoomState>getKeyValueStore(SequencerStore.LEGACY_ROOM_STATES).get("r-1"))
			.isEqualTo(new RoomState(7, oldHash, 5));
	}

	private static MessageSubmitted change(RoomEvent.Type type, String roomId, String senderId, long targetSeq,
			String text, Instant at) {
		return new MessageSubmitted(MessageSubmitted.SCHEMA_VERSION, UUID.randomUUID().toString(), at,
				UUID.randomUUID().toString(), roomId, senderId, "Name of " + senderId, text, type, null, null, 0,
				targetSeq);
	}

	private static MessageSubmitted membership(String roomId, RoomEvent.Type type, String actor, String member) {
		return new MessageSubmitted(MessageSubmitted.SCHEMA_VERSION, UUID.randomUUID().toString(),
				Instant.parse("2026-11-27T07:59:59.5Z"), UUID.randomUUID().toString(), roomId, actor,
				"Name of " + actor, null, type, member, "Name of " + member, 2);
	}

	private MessageSubmitted submit(MessageSubmitted message) {
		this.inbound.pipeInput(message.roomId(), EventSerde.of(MessageSubmitted.class).serialize(null, message));
		return message;
	}

	private double counter(String name) {
		return this.registry.get(name).counter().count();
	}

	private double rejected(String reason) {
		return this.registry.get("roomcast.messages.rejected").tag("reason", reason).counter().count();
	}

	private static MessageSubmitted message(String roomId, String senderId, String text) {
		return new MessageSubmitted(MessageSubmitted.SCHEMA_VERSION, UUID.randomUUID().toString(),
				Instant.parse("2026-11-27T07:59:59.123456Z"), UUID.randomUUID().toString(), roomId, senderId,
				"Name of " + senderId, text);
	}

	private static RoomSnapshot room(String roomId, String... members) {
		return new RoomSnapshot(RoomSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(), NOW, roomId,
				RoomSnapshot.Kind.GROUP, "Room " + roomId, members[0], List.of(members), 1);
	}

}
