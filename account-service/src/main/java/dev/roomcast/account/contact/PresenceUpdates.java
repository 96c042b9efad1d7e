package dev.roomcast.account.contact;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.Topics;
import dev.roomcast.events.UserUpdate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends {@link UserUpdate}s of type {@code PRESENCE} to {@link Topics#USER_UPDATES},
 * keyed by the user they are for. Presence's own sender until the user updates have one
 * publisher for every type.
 */
@Component
class PresenceUpdates implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(PresenceUpdates.class);

	private final DefaultKafkaProducerFactory<String, UserUpdate> producers;

	private final KafkaTemplate<String, UserUpdate> kafka;

	PresenceUpdates(KafkaProperties properties) {
		this.producers = new DefaultKafkaProducerFactory<>(properties.buildProducerProperties(), new StringSerializer(),
				EventSerde.of(UserUpdate.class));
		this.kafka = new KafkaTemplate<>(this.producers);
	}

	void publish(String userId, Map<String, Object> data) {
		UserUpdate update = new UserUpdate(UserUpdate.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
				userId, UserUpdate.Type.PRESENCE, data);
		this.kafka.send(Topics.USER_UPDATES, userId, update).whenComplete((result, ex) -> {
			if (ex != null) {
				logger.warn("Could not publish a presence update for user {}", userId, ex);
			}
		});
	}

	@Override
	public void destroy() {
		this.producers.destroy();
	}

}
