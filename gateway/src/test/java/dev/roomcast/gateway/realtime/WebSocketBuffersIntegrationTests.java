package dev.roomcast.gateway.realtime;

import java.io.IOException;
import java.util.UUID;

import dev.roomcast.gateway.realtime.RealtimeFixture.User;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STOMP frames larger than a session's buffers
 * ({@code roomcast.gateway.websocket.buffer-size}, 2 KB) still arrive whole, up to the
 * frame size limit; and no WebSocket extension (a compressor per connection) is
 * negotiated. Jetty's pool keeps no reserved threads, and clients are served all the
 * same.
 */
@RoomcastIntegrationTest(properties = "roomcast.gateway.websocket.allowed-origins=" + RealtimeFixture.ORIGIN)
class WebSocketBuffersIntegrationTests {

	private static final String RECEIPT = "sent";

	@RegisterExtension
	static final RealtimeFixture fixture = new RealtimeFixture();

	@Autowired
	WebServerApplicationContext context;

	@Test
	void jettysPoolReservesNoThreadAndAClientIsServed() throws Exception {
		QueuedThreadPool pool = (QueuedThreadPool) ((JettyWebServer) this.context.getWebServer()).getServer()
			.getThreadPool();
		assertThat(pool.getReservedThreads()).isZero();
		assertThat(sendToOwnRoom("served", "RECEIPT")).contains("receipt-id:" + RECEIPT);
	}

	@Test
	void aFrameLargerThanTheBuffersArrivesInPiecesAndIsJoined() throws Exception {
		// 4,000 characters of text, 16,000 bytes: one WebSocket message of eight buffers
		assertThat(sendToOwnRoom("\uD83D\uDE02".repeat(4000), "RECEIPT")).contains("receipt-id:" + RECEIPT);
	}

	@Test
	void aFrameLargerThanTheFrameSizeLimitIsStillRefused() throws Exception {
		assertThat(sendToOwnRoom("x".repeat(70_000), "ERROR")).startsWith("ERROR");
	}

	@Test
	void aBrowsersOfferOfCompressionIsNotTaken() throws Exception {
		User alice = fixture.user("alice");
		try (RawWebSocket socket = RawWebSocket.open(fixture.port(), alice.cookie(), RealtimeFixture.ORIGIN, 0,
				"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n")) {
			assertThat(socket.status).isEqualTo(101);
			assertThat(socket.response).doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
			socket.connectAndSubscribe(alice.maskedCsrf(), "/user/queue/errors");
		}
	}

	/**
	 * A new user's message with this text, sent over a raw WebSocket to her own room as
	 * one SEND frame asking for a RECEIPT.
	 * @param text the message's text
	 * @param answer the command of the frame that answers it: {@code RECEIPT} or
	 * {@code ERROR}
	 * @return that frame
	 */
	private static String sendToOwnRoom(String text, String answer) throws IOException {
		User alice = fixture.user("alice");
		String roomId = fixture.room(alice);
		try (RawWebSocket socket = RawWebSocket.open(fixture.port(), alice.cookie(), RealtimeFixture.ORIGIN, 0)) {
			socket.connectAndSubscribe(alice.maskedCsrf(), "/user/queue/errors");
			socket.send("SEND\ndestination:/app/rooms/" + roomId + "/messages\ncontent-type:application/json\nreceipt:"
					+ RECEIPT + "\n\n{\"messageId\":\"" + UUID.randomUUID() + "\",\"text\":\"" + text + "\"}\0");
			return socket.readUntil(answer);
		}
	}

}
