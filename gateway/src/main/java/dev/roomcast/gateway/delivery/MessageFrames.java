package dev.roomcast.gateway.delivery;

import java.nio.charset.StandardCharsets;

import org.springframework.web.socket.TextMessage;

/**
 * The STOMP 1.2 MESSAGE frames of {@code /topic/rooms/{roomId}}, written by the fan-out
 * itself rather than by Spring's encoder so that an event is encoded once for all its
 * subscribers. A frame is three parts: the head, fixed per subscription (destination,
 * content type, {@code subscription}, the start of {@code message-id}); a per-frame
 * number that ends the {@code message-id}; and the tail, fixed per event
 * ({@code content-length}, the body, the NUL).
 */
final class MessageFrames {

	static final String TOPIC_PREFIX = "/topic/rooms/";

	private MessageFrames() {
	}

	static String head(String roomId, String sessionId, String subscriptionId) {
		return "MESSAGE\ndestination:" + TOPIC_PREFIX + roomId + "\ncontent-type:application/json\nsubscription:"
				+ escape(subscriptionId) + "\nmessage-id:" + escape(sessionId) + "-";
	}

	static String tail(String body) {
		return "\ncontent-length:" + body.getBytes(StandardCharsets.UTF_8).length + "\n\n" + body + "\0";
	}

	static TextMessage frame(String head, long messageNumber, String tail) {
		return new TextMessage(head + messageNumber + tail);
	}

	/** STOMP 1.2 header value escaping. */
	private static String escape(String value) {
		StringBuilder escaped = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case ':' -> escaped.append("\\c");
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
