package dev.roomcast.system.abuse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.roomcast.system.abuse.BadHttpInputSystemTests.BadInputCase;
import dev.roomcast.system.abuse.RawStomp.Frame;
import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.system.support.RoomcastSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The STOMP bad-input corpus ({@code bad-input/stomp.tsv}) on the gateway's WebSocket:
 * frames before and instead of CONNECT, unknown commands and destinations, NoSQL
 * operators and regex metacharacters in room ids and bodies, broken JSON, invalid UTF-8,
 * NUL bytes, oversize frames and headers, floods of CONNECT, SUBSCRIBE and SEND. Each
 * case gets exactly its documented answer (an ERROR frame and a closed socket, an error
 * on {@code /user/queue/errors} with the connection still working, or a close code);
 * meanwhile a member watching the room receives nothing, and at the end the room's first
 * real message still gets the first message seq: no bad case stored a message. A
 * {@code ?} accepts any ERROR text or close code: answers not pinned yet. A frame without
 * its end is {@code buffered}: no ERROR until the rest follows, then refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadStompInputSystemTests {

	private static final Pattern CHAT_EVENT = Pattern.compile("\"type\":\"(MESSAGE|EDIT|DELETE)\"");

	private final RoomcastSystem system = RoomcastSystem.shared();

	private ChatRoom pair;

	private RawStomp watcher;

	@BeforeAll
	void pairWithARoomAndAWatcher() throws Exception {
		this.pair = ChatRoom.direct(this.system.gatewayUrl());
		this.watcher = RawStomp.connected(this.system.gatewayUrl(), this.pair.bob());
		this.watcher
			.text("SUBSCRIBE\nid:room\ndestination:/topic/rooms/" + this.pair.roomId() + "\nreceipt:room-r\n\n\0");
		this.watcher.awaitReceipt("room-r");
	}

	@AfterAll
	void theFirstRealMessageIsStillTheRoomsFirst() throws Exception {
		try (RawStomp alice = RawStomp.connected(this.system.gatewayUrl(), this.pair.alice())) {
			alice.text(send(this.pair.roomId(), "{\"messageId\":\"" + UUID.randomUUID() + "\",\"text\":\"real\"}",
					"receipt:real-r\n"));
			alice.awaitReceipt("real-r");
		}
		await().atMost(RawStomp.WAIT).until(() -> roomMessages().size() == 1);
		assertThat(roomMessages().get(0).body()).contains("\"seq\":" + ChatRoom.FIRST_MESSAGE_SEQ)
			.contains("\"text\":\"real\"");
		await().atMost(RawStomp.WAIT)
			.untilAsserted(() -> assertThat(ChatRoom.seqs(this.pair.alice().history(this.pair.roomId(), 0, 200)))
				.containsExactly(1L, 2L, ChatRoom.FIRST_MESSAGE_SEQ));
		this.watcher.close();
	}

	static Stream<BadInputCase> cases() {
		return BadInputCase.read("bad-input/stomp.tsv", 6);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void getsAClearRefusalAndStoresNothing(BadInputCase badCase) throws Exception {
		boolean connected = badCase.column(1).equals("yes");
		try (RawStomp stomp = connected ? RawStomp.connected(this.system.gatewayUrl(), this.pair.alice())
				: RawStomp.open(this.system.gatewayUrl(), this.pair.alice())) {
			int times = Integer.parseInt(badCase.column(3));
			for (int i = 0; i < times; i++) {
				String frame = fill(badCase.column(4), i);
				if (badCase.column(2).equals("binary")) {
					stomp.binary(BadHttpInputSystemTests.bytes(frame));
				}
				else {
					stomp.text(new String(BadHttpInputSystemTests.bytes(frame), StandardCharsets.UTF_8));
				}
			}
			expect(badCase.column(5), stomp);
		}
		assertThat(roomMessages()).as("messages delivered to the room").isEmpty();
		assertThat(this.watcher.isClosed()).as("the watcher's connection").isFalse();
		assertThat(this.pair.alice().me().get("id").asString()).isEqualTo(this.pair.aliceId());
	}

	private void expect(String expected, RawStomp stomp) throws Exception {
		String kind = expected.substring(0, expected.indexOf(':') < 0 ? expected.length() : expected.indexOf(':'));
		String value = expected.substring(Math.min(expected.length(), kind.length() + 1));
		switch (kind) {
			case "error" -> expectError(value, stomp);
			case "buffered" -> {
				// an incomplete frame: no ERROR yet; the end of its command line and the
				// NUL
				// complete it, and it is refused
				assertThat(stomp.frames()).as("answers to an incomplete frame")
					.noneMatch((frame) -> frame.command().equals("ERROR"));
				assertThat(stomp.isClosed()).as("closed on an incomplete frame").isFalse();
				stomp.text("\n\n\0");
				expectError("?", stomp);
			}
			case "queue" -> {
				await().atMost(RawStomp.WAIT)
					.until(() -> errors(stomp).anyMatch((body) -> body.contains("\"code\":\"" + value + "\""))
							|| stomp.isClosed());
				assertThat(errors(stomp)).as("errors; frames %s", stomp.frames())
					.anyMatch((body) -> body.contains("\"code\":\"" + value + "\""));
				assertAlive(stomp);
			}
			case "closed" -> {
				int code = stomp.closed().get(RawStomp.WAIT.toSeconds(), TimeUnit.SECONDS);
				if (!value.equals("?")) {
					assertThat(code).as("close code; frames %s", stomp.frames()).isEqualTo(Integer.parseInt(value));
				}
			}
			case "receipt" -> {
				stomp.await("RECEIPT");
				assertAlive(stomp);
			}
			case "alive" -> assertAlive(stomp);
			default -> throw new IllegalArgumentException(expected);
		}
	}

	private static void expectError(String text, RawStomp stomp) throws Exception {
		Frame error = stomp.await("ERROR");
		if (!text.equals("?")) {
			assertThat(error.headers().getOrDefault("message", "") + " " + error.body()).contains(text);
		}
		assertThat(stomp.closed().get(RawStomp.WAIT.toSeconds(), TimeUnit.SECONDS)).as("socket closed").isNotNull();
	}

	/** An UNSUBSCRIBE with a receipt is answered: the connection still works. */
	private static void assertAlive(RawStomp stomp) {
		String receipt = "alive-" + UUID.randomUUID();
		stomp.text("UNSUBSCRIBE\nid:none\nreceipt:" + receipt + "\n\n\0");
		stomp.awaitReceipt(receipt);
	}

	private static Stream<String> errors(RawStomp stomp) {
		return stomp.frames()
			.stream()
			.filter((frame) -> frame.command().equals("MESSAGE")
					&& "errors".equals(frame.headers().get("subscription")))
			.map(Frame::body);
	}

	/**
	 * The chat messages (and edits or deletions) the watcher received; the room's own
	 * membership events may arrive after the watcher subscribed.
	 */
	private List<Frame> roomMessages() {
		return this.watcher.frames()
			.stream()
			.filter((frame) -> frame.command().equals("MESSAGE") && CHAT_EVENT.matcher(frame.body()).find())
			.toList();
	}

	private String fill(String frame, int i) {
		return frame.replace("\\n", "\n")
			.replace("\\0", "\0")
			.replace("{room}", this.pair.roomId())
			.replace("{uuid}", UUID.randomUUID().toString())
			.replace("{csrf}", this.pair.alice().csrfToken())
			.replace("{i}", Integer.toString(i));
	}

	private static String send(String roomId, String body, String extraHeaders) {
		return "SEND\ndestination:/app/rooms/" + roomId + "/messages\ncontent-type:application/json\n" + extraHeaders
				+ "\n" + body + "\0";
	}

}
