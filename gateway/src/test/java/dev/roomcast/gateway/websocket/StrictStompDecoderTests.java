package dev.roomcast.gateway.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.BufferingStompDecoder;
import org.springframework.messaging.simp.stomp.StompConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StrictStompDecoderTests {

	private final BufferingStompDecoder decoder = new BufferingStompDecoder(new StrictStompDecoder(65536), 65536);

	@ParameterizedTest
	@ValueSource(strings = { "CONNECT\naccept-version:1.2\nhost:h\nheart-beat:10000,0\n\n\0",
			"CONNECT\naccept-version:1.0,1.1\n\n\0", "CONNECT\nhost:h\n\n\0",
			"SUBSCRIBE\nid:s1\ndestination:/topic/rooms/r\nreceipt:r1\n\n\0", "UNSUBSCRIBE\nid:s1\n\n\0",
			"SEND\ndestination:/app/rooms/r/messages\ncontent-type:application/json\ncontent-length:2\n\n{}\0" })
	void decodesFramesThatKeepTheRules(String frame) {
		assertThat(decode(frame)).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "CONNECT\naccept-version:9.9\n\n\0", "CONNECT\naccept-version:1.2\nheart-beat:-1,-1\n\n\0",
			"SUBSCRIBE\ndestination:/topic/rooms/r\n\n\0", "UNSUBSCRIBE\nreceipt:r\n\n\0",
			"SUBSCRIBE\nid:s1\ndestination:/topic/rooms/a\0b\n\n\0",
			"SEND\ndestination:/app/x\ncontent-length:-5\n\n{}\0",
			"SEND\ndestination:/app/x\ncontent-length:abc\n\n{}\0",
			"SEND\ndestination:/app/x\ncontent-length:1000000000\n\n{}\0" })
	void refusesFramesThatBreakTheRules(String frame) {
		assertThatExceptionOfType(StompConversionException.class).isThrownBy(() -> decode(frame));
	}

	@ParameterizedTest
	@ValueSource(ints = { StrictStompDecoder.MAX_HEADERS - 3, StrictStompDecoder.MAX_HEADERS - 1 })
	void limitsTheNumberOfHeaders(int extra) {
		String frame = "SUBSCRIBE\nid:s1\ndestination:/topic/rooms/r\n" + "x:y\n".repeat(extra) + "\n\0";
		if (extra + 2 <= StrictStompDecoder.MAX_HEADERS) {
			assertThat(decode(frame)).hasSize(1);
		}
		else {
			assertThatExceptionOfType(StompConversionException.class).isThrownBy(() -> decode(frame));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "hello world", "SEND\ndestination:/app/x\ncontent-length:10\n\n{}" })
	void buffersAnIncompleteFrame(String frame) {
		assertThat(decode(frame)).isEmpty();
	}

	private List<Message<byte[]>> decode(String frame) {
		return this.decoder.decode(ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)));
	}

}
