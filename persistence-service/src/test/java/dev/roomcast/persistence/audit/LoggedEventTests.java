package dev.roomcast.persistence.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoggedEventTests {

	private static final EventSerde<RoomEvent> EVENTS = EventSerde.of(RoomEvent.class);

	private static final Instant SENT = Instant.parse("2026-11-27T08:00:00.123456Z");

	private static final byte[] GENESIS = HashChain.GENESIS.getBytes(StandardCharsets.US_ASCII);

	@Test
	void readsTheUsualFormAndAnEscapedOneAlike() {
		for (String text : List.of("hello", "line\nbreak")) {
			RoomEvent event = event("r-1", text);
			byte[] json = EVENTS.serialize(Topics.CHAT_ROOM_EVENTS, event);
			LoggedEvent logged = LoggedEvent.read(Topics.CHAT_ROOM_EVENTS, json, null);
			assertThat(logged.roomId()).isEqualTo("r-1");
			assertThat(logged.type()).isEqualTo(RoomEvent.Type.MESSAGE);
			assertThat(logged.seq()).isEqualTo(1);
			assertThat(logged.hashMatches()).isTrue();
			assertThat(logged.linksTo(GENESIS)).isTrue();
			assertThat(logged.linksTo(event.hash().getBytes(StandardCharsets.US_ASCII))).isFalse();
			assertThat(logged.hashIs(event.hash())).isTrue();
			assertThat(logged.hashIs(HashChain.GENESIS)).isFalse();
			byte[] hash = new byte[64];
			logged.copyHash(hash);
			assertThat(new String(hash, StandardCharsets.US_ASCII)).isEqualTo(event.hash());
			assertThat(logged.event()).isEqualTo(event);
		}
	}

	@Test
	void aForgedHashDoesNotMatchEitherWay() {
		for (String text : List.of("hello", "line\nbreak")) {
			RoomEvent forged = event("r-1", text).withIdAndHash("e-1", "ab".repeat(32));
			LoggedEvent logged = LoggedEvent.read(Topics.CHAT_ROOM_EVENTS,
					EVENTS.serialize(Topics.CHAT_ROOM_EVENTS, forged), null);
			assertThat(logged.hashMatches()).isFalse();
		}
	}

	@Test
	void checksTheHashOfTheAskedRoomOnly() {
		byte[] json = EVENTS.serialize(Topics.CHAT_ROOM_EVENTS, event("r-1", "hello"));
		assertThat(LoggedEvent.read(Topics.CHAT_ROOM_EVENTS, json, "r-2").hashMatches()).isFalse();
		assertThat(LoggedEvent.read(Topics.CHAT_ROOM_EVENTS, json, "r-1").hashMatches()).isTrue();
	}

	@Test
	void anUnreadableOrIncompleteRecordIsNoEvent() {
		String message = new String(EVENTS.serialize(Topics.CHAT_ROOM_EVENTS, event("r-1", "hello")),
				StandardCharsets.UTF_8);
		for (String json : List.of("not json", "{\"type\":\"SHOUTED\"}",
				message.replace("\"roomId\":\"r-1\"", "\"roomId\":null"), message.replace("\"sentAt\"", "\"sent\""),
				message.replace("\"type\":\"MESSAGE\",", ""))) {
			assertThat(LoggedEvent.read(Topics.CHAT_ROOM_EVENTS, json.getBytes(StandardCharsets.UTF_8), null)).as(json)
				.isNull();
		}
		assertThat(LoggedEvent.read(Topics.CHAT_ROOM_EVENTS, null, null)).isNull();
	}

	private static RoomEvent event(String roomId, String text) {
		RoomEvent unhashed = new RoomEvent(3, "e-1", SENT, RoomEvent.Type.MESSAGE, roomId, 1, "m-1", "u-1", "Ada", text,
				SENT, HashChain.GENESIS, null);
		return unhashed.withIdAndHash("e-1", HashChain.hash(HashChain.GENESIS, unhashed));
	}

}
