package dev.roomcast.gateway.typing;

import java.nio.charset.StandardCharsets;

import dev.roomcast.events.EventJson;
import dev.roomcast.gateway.delivery.TypingFanOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Typing signals between gateway instances over Redis pub/sub: an instance publishes each
 * accepted signal on {@value #CHANNEL}, and every instance (itself included) hands what
 * it receives to its local subscribers. Pub/sub keeps nothing: a signal reaches the
 * instances connected at that moment, which is all an ephemeral signal needs.
 */
@Component
class TypingRelay implements MessageListener {

	static final String CHANNEL = "roomcast:typing";

	private static final Logger logger = LoggerFactory.getLogger(TypingRelay.class);

	private static final ObjectWriter WRITER = EventJson.mapper().writerFor(TypingSignal.class);

	private static final ObjectReader READER = EventJson.mapper().readerFor(TypingSignal.class);

	private final StringRedisTemplate redis;

	private final TypingFanOut fanOut;

	TypingRelay(StringRedisTemplate redis, TypingFanOut fanOut) {
		this.redis = redis;
		this.fanOut = fanOut;
	}

	void publish(TypingSignal signal) {
		this.redis.convertAndSend(CHANNEL, WRITER.writeValueAsString(signal));
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		String body = new String(message.getBody(), StandardCharsets.UTF_8);
		try {
			TypingSignal signal = READER.readValue(body);
			this.fanOut.deliver(signal.roomId(), signal.userId(), body);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			logger.warn("Skipped an unreadable typing signal", ex);
		}
	}

}
