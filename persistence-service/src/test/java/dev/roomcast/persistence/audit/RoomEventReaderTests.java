package dev.roomcast.persistence.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RoomEventReaderTests {

	private static final EventSerde<RoomEvent> EVENTS = EventSerde.of(RoomEvent.class);

	private static final Instant SENT = Instant.parse("2026-11-27T08:00:00.123456Z");

	@Test
	void readsEveryTypeAsTheMapperDoes() {
		for (RoomEvent.Type type : RoomEvent.Type.values()) {
			RoomEvent event = new RoomEvent(3, "e-1", SENT, type, "r-1", 7, "m-1", "u-1", "Ada \"the\" ü \uD83D\uDE00",
					(type == RoomEvent.Type.DELETE) ? null : "line\nbreak \\ and \u0001", SENT, HashChain.GENESIS,
					"ab".repeat(32), type.isMembership() ? "u-2" : null, type.isMembership() ? "Bob" : null,
					type.changesMessage() ? 3L : null);
			byte[] json = EVENTS.serialize(Topics.CHAT_ROOM_EVENTS, event);
			assertThat(RoomEventReader.read(Topics.CHAT_ROOM_EVENTS, json)).isEqualTo(event);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"seq\": null, \"type\": null, \"sentAt\": null, \"targetSeq\": null}",
			"{\"schemaVersion\": 1, \"unknown\": {\"nested\": [1, {\"a\": true}]}, \"other\": 1.5, \"seq\": 3}",
			"{\"seq\": \"5\", \"schemaVersion\": \"2\"}", "{\"text\": 12, \"senderName\": true}",
			"{\"seq\": 1, \"seq\": 2}", "{\"seq\": 2.0}", "{\"sentAt\": \"2026-11-27T08:00:00+01:00\"}",
			"{\"sentAt\": \"2026-11-27T08:00:00.1Z\", \"occurredAt\": \"2026-11-27T08:00:00Z\"}", "null",
			"{\"targetSeq\": 9}" })
	void readsUnusualFormsAsTheMapperDoes(String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		assertThat(RoomEventReader.read(Topics.CHAT_ROOM_EVENTS, bytes))
			.isEqualTo(EVENTS.deserialize(Topics.CHAT_ROOM_EVENTS, bytes));
	}

	@Test
	void refusesWhatTheMapperRefuses() {
		for (String json : List.of("{\"type\": \"SHOUTED\"}", "{\"sentAt\": \"yesterday\"}", "{\"seq\": [1]}",
				"{\"seq\": 99999999999999999999}", "{\"schemaVersion\": 3000000000}", "[1, 2]", "{\"roomId\": ",
				"{\"type\": \"MESSAGE\", \"roomId\": \"r\"} trailing", "{\"seq\": 1} {\"seq\": 2}", "not json")) {
			byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
			assertThatExceptionOfType(SerializationException.class).as(json)
				.isThrownBy(() -> EVENTS.deserialize(Topics.CHAT_ROOM_EVENTS, bytes));
			assertThatExceptionOfType(SerializationException.class).as(json)
				.isThrownBy(() -> RoomEventReader.read(Topics.CHAT_ROOM_EVENTS, bytes));
		}
	}

	@Test
	void aMissingValueIsNoEvent() {
		assertThat(RoomEventReader.read(Topics.CHAT_ROOM_EVENTS, null)).isNull();
	}

}
