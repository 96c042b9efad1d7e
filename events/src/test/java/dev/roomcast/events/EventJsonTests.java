package dev.roomcast.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventJsonTests {

	private static final Instant SENT = Instant.parse("2026-11-27T08:00:00.123456Z");

	@Test
	void messageSubmittedV1MatchesGoldenFile() throws IOException {
		var event = new MessageSubmitted(1, "e-1", SENT, "3f1c8a6e-4b9d-4f3e-9c1a-2b7d5e8f0a11", "r-1", "u-1", "Ada",
				"hello");
		assertReads("golden/message-submitted-v1.json", event, MessageSubmitted.class);
	}

	@Test
	void roomEventV1MatchesGoldenFile() throws IOException {
		var unhashed = new RoomEvent(1, "e-2", SENT, RoomEvent.Type.MESSAGE, "r-1", 1,
				"3f1c8a6e-4b9d-4f3e-9c1a-2b7d5e8f0a11", "u-1", "Ada", "hello", SENT, HashChain.GENESIS, null);
		var event = new RoomEvent(1, "e-2", SENT, RoomEvent.Type.MESSAGE, "r-1", 1,
				"3f1c8a6e-4b9d-4f3e-9c1a-2b7d5e8f0a11", "u-1", "Ada", "hello", SENT, HashChain.GENESIS,
				HashChain.hash(HashChain.GENESIS, unhashed));
		assertReads("golden/room-event-v1.json", event, RoomEvent.class);
		assertThat(HashChain.verifies(event)).isTrue();
	}

	@Test
	void messageSubmittedV1IsReadAsAMessage() throws IOException {
		MessageSubmitted submitted = EventJson.mapper()
			.readValue(golden("golden/message-submitted-v1.json"), MessageSubmitted.class);
		assertThat(submitted.type()).isNull();
		assertThat(submitted.effectiveType()).isEqualTo(RoomEvent.Type.MESSAGE);
		assertThat(submitted.roomVersion()).isZero();
	}

	@Test
	void membershipSubmittedV2MatchesGoldenFile() throws IOException {
		var event = new MessageSubmitted(2, "e-5", SENT, "5b6e1c2a-0d4f-4b8e-a1c3-7f9e2d4b6a80", "r-1", "u-1", "Ada",
				null, RoomEvent.Type.MEMBER_ADDED, "u-2", "Bob", 4);
		assertReads("golden/message-submitted-v2-member-added.json", event, MessageSubmitted.class);
	}

	@ParameterizedTest
	@EnumSource(value = RoomEvent.Type.class, names = { "EDIT", "DELETE" }, mode = EnumSource.Mode.EXCLUDE)
	void roomEventV2MatchesGoldenFile(RoomEvent.Type type) throws IOException {
		RoomEvent unhashed = roomEventV2(type);
		RoomEvent event = unhashed.withIdAndHash(unhashed.eventId(), HashChain.hash(unhashed.prevHash(), unhashed));
		String golden = "golden/room-event-v2-" + type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
				+ ".json";
		assertReads(golden, event, RoomEvent.class);
		assertThat(HashChain.verifies(event)).isTrue();
	}

	@ParameterizedTest
	@EnumSource(value = RoomEvent.Type.class, names = { "EDIT", "DELETE" })
	void roomEventV3MatchesGoldenFile(RoomEvent.Type type) throws IOException {
		RoomEvent unhashed = new RoomEvent(3, "e-7", SENT, type, "r-1", 4, "7c2d9e4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f",
				"u-1", "Ada", (type == RoomEvent.Type.EDIT) ? "hello, world" : null, SENT, "ef".repeat(32), null, null,
				null, 3L);
		RoomEvent event = unhashed.withIdAndHash(unhashed.eventId(), HashChain.hash(unhashed.prevHash(), unhashed));
		String golden = "golden/room-event-v3-" + type.name().toLowerCase(java.util.Locale.ROOT) + ".json";
		assertRoundTrip(golden, event, RoomEvent.class);
		assertThat(HashChain.verifies(event)).isTrue();
	}

	@Test
	void editSubmittedV3MatchesGoldenFile() throws IOException {
		var event = new MessageSubmitted(3, "e-8", SENT, "7c2d9e4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f", "r-1", "u-1", "Ada",
				"hello, world", RoomEvent.Type.EDIT, null, null, 0, 3L);
		assertRoundTrip("golden/message-submitted-v3-edit.json", event, MessageSubmitted.class);
	}

	@Test
	void chainHeadSignedV1MatchesGoldenFile() throws IOException {
		java.security.PrivateKey key = ChainHeadSignature.privateKey(ChainHeadSignatureTests.FIXED_PRIVATE_KEY);
		String keyId = ChainHeadSignature.keyId(ChainHeadSignature.publicKeyOf(key));
		ChainHeadSigned head = ChainHeadSignature.sign(key, keyId, "r-1", 7, "ab".repeat(32), SENT);
		assertRoundTrip("golden/chain-head-signed-v1.json", head, ChainHeadSigned.class);
		assertThat(ChainHeadSignature.verify(head, ChainHeadSignature.publicKeyOf(key))).isTrue();
	}

	@Test
	void messageRejectedV1MatchesGoldenFile() throws IOException {
		var event = new MessageRejected(1, "e-3", SENT, "u-1", "r-1", "3f1c8a6e-4b9d-4f3e-9c1a-2b7d5e8f0a11",
				MessageRejected.Reason.NOT_A_MEMBER, "You are not a member of this room");
		assertRoundTrip("golden/message-rejected-v1.json", event, MessageRejected.class);
	}

	@Test
	void userUpdateV1MatchesGoldenFile() throws IOException {
		var update = new UserUpdate(1, "e-5", SENT, "u-1", UserUpdate.Type.READ,
				java.util.Map.of("roomId", "r-1", "seq", 42));
		assertRoundTrip("golden/user-update-v1.json", update, UserUpdate.class);
	}

	@Test
	void roomReadV1MatchesGoldenFile() throws IOException {
		var read = new RoomRead(1, "e-6", SENT, "u-1", "r-1", 42);
		assertRoundTrip("golden/room-read-v1.json", read, RoomRead.class);
		assertThat(RoomRead.key("u-1", "r-1")).isEqualTo("u-1:r-1");
	}

	@Test
	void presenceChangedV1MatchesGoldenFile() throws IOException {
		var event = new PresenceChanged(1, "e-6", SENT, "u-2", PresenceChanged.Status.AWAY);
		assertRoundTrip("golden/presence-changed-v1.json", event, PresenceChanged.class);
	}

	@Test
	void roomSnapshotV1MatchesGoldenFile() throws IOException {
		var event = new RoomSnapshot(1, "e-4", SENT, "r-1", RoomSnapshot.Kind.GROUP, "Team", "u-1",
				List.of("u-1", "u-2"), 3);
		assertRoundTrip("golden/room-snapshot-v1.json", event, RoomSnapshot.class);
	}

	@Test
	void readerIgnoresFieldsAddedLater() {
		String json = "{\"schemaVersion\":2,\"eventId\":\"e\",\"roomId\":\"r\",\"kind\":\"DIRECT\",\"memberIds\":[\"a\"],"
				+ "\"addedInV2\":{\"x\":1}}";
		RoomSnapshot snapshot = EventSerde.of(RoomSnapshot.class)
			.deserialize("t", json.getBytes(StandardCharsets.UTF_8));
		assertThat(snapshot.hasMember("a")).isTrue();
		assertThat(snapshot.schemaVersion()).isEqualTo(2);
	}

	@Test
	void unreadableBytesThrowSerializationException() {
		assertThatExceptionOfType(org.apache.kafka.common.errors.SerializationException.class)
			.isThrownBy(
					() -> EventSerde.of(RoomEvent.class).deserialize("t", "{not json".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("RoomEvent");
	}

	@Test
	void tombstoneStaysNull() {
		assertThat(EventSerde.of(RoomSnapshot.class).deserialize("t", null)).isNull();
		assertThat(EventSerde.of(RoomSnapshot.class).serialize("t", null)).isNull();
	}

	private static RoomEvent roomEventV2(RoomEvent.Type type) {
		boolean message = type == RoomEvent.Type.MESSAGE;
		String actor = (type == RoomEvent.Type.MEMBER_LEFT) ? "u-2" : "u-1";
		String actorName = (type == RoomEvent.Type.MEMBER_LEFT) ? "Bob" : "Ada";
		String memberId = message ? null : (type == RoomEvent.Type.ROOM_CREATED) ? "u-1" : "u-2";
		String memberName = message ? null : (type == RoomEvent.Type.ROOM_CREATED) ? "Ada" : "Bob";
		return new RoomEvent(2, "e-6", SENT, type, "r-1", 3, "5b6e1c2a-0d4f-4b8e-a1c3-7f9e2d4b6a80", actor, actorName,
				message ? "hello" : null, SENT, "cd".repeat(32), null, memberId, memberName);
	}

	/**
	 * An event of an older version: the golden file reads into the event, and what the
	 * current code writes holds every field of the file unchanged (the fields added since
	 * are {@code null}).
	 */
	private <T> void assertReads(String golden, T event, Class<T> type) throws IOException {
		String expected = golden(golden);
		assertThat(EventJson.mapper().readValue(expected, type)).isEqualTo(event);
		var written = (tools.jackson.databind.node.ObjectNode) EventJson.mapper()
			.readTree(EventJson.mapper().writeValueAsString(event));
		var file = EventJson.mapper().readTree(expected);
		for (String name : file.propertyNames()) {
			assertThat(written.get(name)).as(name).isEqualTo(file.get(name));
		}
		for (String name : written.propertyNames()) {
			if (!file.has(name)) {
				assertThat(written.get(name).isNull() || written.get(name).asText().equals("0"))
					.as(name + " is added later and empty here")
					.isTrue();
			}
		}
	}

	private String golden(String golden) throws IOException {
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(golden)) {
			assertThat(in).as(golden).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
		}
	}

	private <T> void assertRoundTrip(String golden, T event, Class<T> type) throws IOException {
		String expected = golden(golden);
		assertThat(EventJson.mapper().readTree(EventJson.mapper().writeValueAsString(event)))
			.isEqualTo(EventJson.mapper().readTree(expected));
		assertThat(EventJson.mapper().readValue(expected, type)).isEqualTo(event);
	}

}
