package dev.roomcast.gateway.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import dev.roomcast.events.EventJson;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConversionException;

/**
 * The JSON converter of STOMP bodies, refusing a body that is not well-formed UTF-8
 * before Jackson reads it: Jackson decodes some malformed sequences (overlong encodings
 * such as {@code C0 AF}) to characters instead of failing. A refused body is
 * {@code MALFORMED}, as any body that is no JSON.
 */
class StompJsonConverter extends JacksonJsonMessageConverter {

	StompJsonConverter() {
		super(EventJson.mapper());
	}

	@Override
	protected @Nullable Object convertFromInternal(Message<?> message, Class<?> targetClass,
			@Nullable Object conversionHint) {
		if (message.getPayload() instanceof byte[] bytes) {
			try {
				StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
			}
			catch (CharacterCodingException ex) {
				throw new MessageConversionException(message, "The body is not well-formed UTF-8", ex);
			}
		}
		return super.convertFromInternal(message, targetClass, conversionHint);
	}

}
