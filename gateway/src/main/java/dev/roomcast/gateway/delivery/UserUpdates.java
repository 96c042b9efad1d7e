package dev.roomcast.gateway.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.roomcast.events.UserUpdate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends an update to every session of its user on this instance, as the frame body
 * {@code {"type": ..., ...data, "occurredAt": ...}} on {@code /user/queue/updates}
 * (counted in {@code roomcast.user.updates.delivered{type}}; a user with no session here
 * gets nothing).
 */
@Component
class UserUpdates {

	/** The user destination clients subscribe to as {@code /user/queue/updates}. */
	static final String DESTINATION = "/queue/updates";

	private final ObjectProvider<SimpMessagingTemplate> template;

	private final MeterRegistry registry;

	UserUpdates(ObjectProvider<SimpMessagingTemplate> template, MeterRegistry registry) {
		this.template = template;
		this.registry = registry;
	}

	void send(UserUpdate update) {
		this.template.getObject().convertAndSendToUser(update.userId(), DESTINATION, frame(update));
		Counter.builder("roomcast.user.updates.delivered")
			.description("Updates from user.updates handed to the user's sessions on this instance")
			.tag("type", update.type().name())
			.register(this.registry)
			.increment();
	}

	static Map<String, Object> frame(UserUpdate update) {
		Map<String, Object> frame = new LinkedHashMap<>();
		frame.put("type", update.type().name());
		if (update.data() != null) {
			frame.putAll(update.data());
		}
		// data cannot change the type
		frame.put("type", update.type().name());
		frame.put("occurredAt", (update.occurredAt() != null) ? update.occurredAt().toString() : null);
		return frame;
	}

}
