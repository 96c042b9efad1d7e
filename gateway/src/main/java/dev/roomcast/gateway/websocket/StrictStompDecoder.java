package dev.roomcast.gateway.websocket;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.util.MultiValueMap;

/**
 * Spring's STOMP decoder plus the frame rules it leaves out: a frame that breaks one is a
 * protocol error, answered with an {@code ERROR} frame and a closed socket like any frame
 * Spring cannot decode. A CONNECT must offer version 1.1 or 1.2 and a heart-beat of two
 * non-negative numbers; a SUBSCRIBE or UNSUBSCRIBE must have an {@code id}; a
 * {@code content-length} must be a number no larger than the frame size limit (a larger
 * one would keep the connection waiting for a body it may never send); no frame has more
 * than {@link #MAX_HEADERS} headers or a control character (such as NUL) in a header.
 */
class StrictStompDecoder extends StompDecoder {

	static final int MAX_HEADERS = 32;

	private static final String CONTENT_LENGTH = "content-length";

	private static final List<String> VERSIONS = List.of("1.1", "1.2");

	private static final Pattern HEART_BEAT = Pattern.compile("\\d{1,9},\\d{1,9}");

	private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

	private final int frameSizeLimit;

	StrictStompDecoder(int frameSizeLimit) {
		this.frameSizeLimit = frameSizeLimit;
	}

	@Override
	public List<Message<byte[]>> decode(ByteBuffer buffer,
			@Nullable MultiValueMap<String, String> partialMessageHeaders) {
		List<Message<byte[]>> messages = super.decode(buffer, partialMessageHeaders);
		messages.forEach(this::check);
		if (partialMessageHeaders != null) {
			checkContentLength(partialMessageHeaders.getFirst(CONTENT_LENGTH));
		}
		return messages;
	}

	private void check(Message<byte[]> message) {
		StompHeaderAccessor headers = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		StompCommand command = (headers != null) ? headers.getCommand() : null;
		if (command == null) {
			return; // a heart-beat
		}
		Map<String, List<String>> nativeHeaders = headers.toNativeHeaderMap();
		if (nativeHeaders.values().stream().mapToInt(List::size).sum() > MAX_HEADERS) {
			throw new StompConversionException("Too many headers: at most " + MAX_HEADERS);
		}
		nativeHeaders.forEach((name, values) -> {
			if (CONTROL.matcher(name).find() || values.stream().anyMatch((value) -> CONTROL.matcher(value).find())) {
				throw new StompConversionException(
						"Control character in header " + CONTROL.matcher(name).replaceAll("?"));
			}
		});
		checkContentLength(headers.getFirstNativeHeader(CONTENT_LENGTH));
		if (command == StompCommand.CONNECT || command == StompCommand.STOMP) {
			String versions = headers.getFirstNativeHeader(StompHeaderAccessor.STOMP_ACCEPT_VERSION_HEADER);
			if (versions != null
					&& Arrays.stream(versions.split(",")).map(String::trim).noneMatch(VERSIONS::contains)) {
				throw new StompConversionException("Unsupported STOMP version: 1.1 and 1.2 are supported");
			}
			String heartBeat = headers.getFirstNativeHeader(StompHeaderAccessor.STOMP_HEARTBEAT_HEADER);
			if (heartBeat != null && !HEART_BEAT.matcher(heartBeat).matches()) {
				throw new StompConversionException("heart-beat must be two non-negative numbers: <cx>,<cy>");
			}
		}
		if ((command == StompCommand.SUBSCRIBE || command == StompCommand.UNSUBSCRIBE)
				&& headers.getFirstNativeHeader(StompHeaderAccessor.STOMP_ID_HEADER) == null) {
			throw new StompConversionException(command + " needs an id header");
		}
	}

	private void checkContentLength(@Nullable String contentLength) {
		if (contentLength != null
				&& (!contentLength.matches("\\d{1,9}") || Integer.parseInt(contentLength) > this.frameSizeLimit)) {
			throw new StompConversionException("content-length must be a number of bytes up to " + this.frameSizeLimit);
		}
	}

}
