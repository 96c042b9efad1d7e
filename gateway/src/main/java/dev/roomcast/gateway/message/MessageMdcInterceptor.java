package dev.roomcast.gateway.message;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.annotation.support.SimpAnnotationMethodMessageHandler;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ExecutorChannelInterceptor;

/**
 * Puts {@code roomId}, {@code messageId} and {@code userId} in the logging MDC while the
 * gateway handles a SEND of a chat message (or of an edit or deletion), so that every log
 * line of the send carries them (chat-service and persistence-service do the same for the
 * same message; structured JSON logs make them fields an operator can search by).
 */
public final class MessageMdcInterceptor implements ExecutorChannelInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(MessageMdcInterceptor.class);

	private static final Pattern SEND_DESTINATION = Pattern
		.compile("/app/rooms/([^/]{1,100})/(?:messages|edits|deletions)");

	private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"\\\\]{1,64})\"");

	@Override
	public Message<?> beforeHandle(Message<?> message, MessageChannel channel, MessageHandler handler) {
		// the channel hands every frame to each of its handlers: the brokers only look
		// at a SEND to /app and pass it on, the annotated handlers handle it
		if (!(handler instanceof SimpAnnotationMethodMessageHandler)
				|| SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.MESSAGE) {
			return message;
		}
		String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
		Matcher room = (destination != null) ? SEND_DESTINATION.matcher(destination) : null;
		if (room == null || !room.matches()) {
			return message;
		}
		MDC.put("roomId", room.group(1));
		Principal user = SimpMessageHeaderAccessor.getUser(message.getHeaders());
		if (user != null) {
			MDC.put("userId", user.getName());
		}
		if (message.getPayload() instanceof byte[] payload) {
			Matcher messageId = MESSAGE_ID.matcher(new String(payload, StandardCharsets.UTF_8));
			if (messageId.find()) {
				MDC.put("messageId", messageId.group(1));
			}
		}
		return message;
	}

	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
		if (MDC.get("roomId") != null) {
			logger.debug("Handled SEND to room {} by {}", MDC.get("roomId"), handler.getClass().getSimpleName());
			MDC.remove("roomId");
			MDC.remove("messageId");
			MDC.remove("userId");
		}
	}

}
