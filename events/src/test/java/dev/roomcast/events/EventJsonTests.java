package dev.roomcast.events;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventJsonTests {

	private static final Instant SENT = Instant.parse("2026-11-27T08:00:00.123456Z");

	@Test
	void messageSubmittedV1MatchesGoldenFile() throws IOException {
		var event = new MessageSubmitted(1, "e-1", SENT, "3f1c8a6e-4b9d-4f3e-9c1a-2b7d5e8f0a11", "r-1", "u-1", "Ada",
				"hello");
		assertRoundTrip("golden/message-submitted-v1.json", event, MessageSubmitted.class);
	}

	@Test
	void roomEventV1MatchesGoldenFile() throws IOException {
		var unhashed = new RoomEvent(1, "e-2", SENT, RoomEvent.Type.MESSAGE, "r-1", 1,
				"3f1c8a6e-4b9d-4f3e-9c1a-2b7d5e8f0a11", "u-1", "Ada", "hello", SENT, HashChain.GENESIS, null);
		var event = new RoomEvent(1, "e-2", SENT, RoomEvent.Type.MESSAGE, "r-1", 1,
				"3f1c8a6e-4b9d-4f3e-9c1a-2b7d5e8f0a11", "u-1", "Ada", "hello", SENT, HashChain.GENESIS,
				HashChain.hash(HashChain.GENESIS, unhashed));
		assertRoundTrip("golden/room-event-v1.json", event, RoomEvent.class);
	}

	@Test
	void messageRejectedV1MatchesGoldenFile() throws IOException {
		var event = new MessageRejected(1, "e-3", SENT, "u-1", "r-1", "3f1c8a6e-4b9d-4f3e-9c1a-2b7d5e8f0a11",
				MessageRejected.Reason.NOT_A_MEMBER, "You are not a member of this room");
		assertRoundTrip("golden/message-rejected-v1.json", event, MessageRejected.class);
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

	private <T> void assertRoundTrip(String golden, T event, Class<T> type) throws IOException {
		String expected;
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(golden)) {
			assertThat(in).as(golden).isNotNull();
			expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
		}
		assertThat(EventJson.mapper().readTree(EventJson.mapper().writeValueAsString(event)))
			.isEqualTo(EventJson.mapper().readTree(expected));
		assertThat(EventJson.mapper().readValue(expected, type)).isEqualTo(event);
	}

}
