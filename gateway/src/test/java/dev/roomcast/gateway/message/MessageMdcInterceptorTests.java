package dev.roomcast.gateway.message;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.annotation.support.SimpAnnotationMethodMessageHandler;
import org.springframework.messaging.support.ExecutorSubscribableChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

class MessageMdcInterceptorTests {

	private final MessageMdcInterceptor interceptor = new MessageMdcInterceptor();

	private final ExecutorSubscribableChannel channel = new ExecutorSubscribableChannel();

	private final MessageHandler handler = new SimpAnnotationMethodMessageHandler(this.channel,
			new ExecutorSubscribableChannel(), new SimpMessagingTemplate(new ExecutorSubscribableChannel()));

	@AfterEach
	void clear() {
		MDC.clear();
	}

	@Test
	void theIdsOfASentMessageAreInTheMdcWhileItIsHandled() {
		Message<byte[]> message = send("/app/rooms/room-7/messages",
				"{\"messageId\": \"0b7c6c4e-5a1b-4a57-9b3e-2f1d3c4b5a69\", \"text\": \"hi\"}");
		this.interceptor.beforeHandle(message, this.channel, this.handler);
		assertThat(MDC.get("roomId")).isEqualTo("room-7");
		assertThat(MDC.get("messageId")).isEqualTo("0b7c6c4e-5a1b-4a57-9b3e-2f1d3c4b5a69");
		assertThat(MDC.get("userId")).isEqualTo("user-42");
		this.interceptor.afterMessageHandled(message, this.channel, this.handler, null);
		assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
	}

	@Test
	void otherFramesLeaveTheMdcAlone() {
		Message<byte[]> message = send("/app/something-else", "{\"messageId\": \"x\"}");
		this.interceptor.beforeHandle(message, this.channel, this.handler);
		assertThat(MDC.get("roomId")).isNull();
		assertThat(MDC.get("messageId")).isNull();
		this.interceptor.afterMessageHandled(message, this.channel, this.handler, null);
	}

	@Test
	void theBrokersPassingASentMessageOnLeaveTheMdcAlone() {
		Message<byte[]> message = send("/app/rooms/room-7/messages",
				"{\"messageId\": \"0b7c6c4e-5a1b-4a57-9b3e-2f1d3c4b5a69\", \"text\": \"hi\"}");
		MessageHandler broker = (handled) -> {
		};
		this.interceptor.beforeHandle(message, this.channel, broker);
		assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
		this.interceptor.afterMessageHandled(message, this.channel, broker, null);
	}

	private static Message<byte[]> send(String destination, String body) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setDestination(destination);
		headers.setUser(new UsernamePasswordAuthenticationToken("user-42", null));
		return MessageBuilder.createMessage(body.getBytes(StandardCharsets.UTF_8), headers.getMessageHeaders());
	}

}
