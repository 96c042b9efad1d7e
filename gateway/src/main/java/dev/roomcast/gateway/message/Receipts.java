package dev.roomcast.gateway.message;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Sends STOMP RECEIPT frames. Spring's simple broker answers no receipts except for
 * DISCONNECT, so the gateway sends them itself: for a SEND once Kafka acknowledged the
 * message, for a SUBSCRIBE once the subscription is registered.
 */
@Component
public class Receipts {

	private static final byte[] EMPTY = new byte[0];

	private final ObjectProvider<MessageChannel> clientOutboundChannel;

	Receipts(@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> clientOutboundChannel) {
		this.clientOutboundChannel = clientOutboundChannel;
	}

	/**
	 * Sends a RECEIPT to one session.
	 * @param sessionId the STOMP session
	 * @param receiptId the value of the client's {@code receipt} header
	 */
	public void send(String sessionId, String receiptId) {
		send(sessionId, receiptId, null, null);
	}

	/**
	 * Writes a client's frame to Kafka and answers it once Kafka acknowledged the write:
	 * the RECEIPT (when the frame asked for one) means "stored".
	 * @param sessionId the STOMP session
	 * @param receiptId the value of the frame's {@code receipt} header, or {@code null}
	 * @param write starts the write
	 * @param stored counts the frames Kafka acknowledged
	 * @param failed handles a write that failed, at once or when Kafka answered
	 */
	void afterKafkaWrite(String sessionId, @Nullable String receiptId, Supplier<CompletableFuture<?>> write,
			Counter stored, Consumer<Throwable> failed) {
		try {
			write.get().whenComplete((result, ex) -> {
				if (ex == null) {
					stored.increment();
					if (receiptId != null) {
						send(sessionId, receiptId);
					}
				}
				else {
					failed.accept(ex);
				}
			});
		}
		catch (RuntimeException ex) {
			failed.accept(ex);
		}
	}

	/**
	 * Sends a RECEIPT with one more header to one session.
	 * @param sessionId the STOMP session
	 * @param receiptId the value of the client's {@code receipt} header
	 * @param header the extra header's name, or {@code null} for none
	 * @param value its value
	 */
	public void send(String sessionId, String receiptId, @Nullable String header, @Nullable String value) {
		StompHeaderAccessor headers = StompHeaderAccessor.create(StompCommand.RECEIPT);
		headers.setSessionId(sessionId);
		headers.setReceiptId(receiptId);
		if (header != null) {
			headers.setNativeHeader(header, value);
		}
		this.clientOutboundChannel.getObject().send(MessageBuilder.createMessage(EMPTY, headers.getMessageHeaders()));
	}

}
