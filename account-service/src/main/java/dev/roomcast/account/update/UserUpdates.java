package dev.roomcast.account.update;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import dev.roomcast.events.Topics;
import dev.roomcast.events.UserUpdate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link UserUpdate}s to {@link Topics#USER_UPDATES}, keyed by the user they
 * are for; every gateway sends them to that user's {@code /user/queue/updates}. An update
 * is a hint to redraw (a client re-reads its lists when it reconnects), so publishing
 * never waits for the broker and never fails the request that caused it: a failure is
 * logged and counted in {@code roomcast.user.updates.failed}.
 */
@Component
public class UserUpdates {

	private static final Logger logger = LoggerFactory.getLogger(UserUpdates.class);

	private final KafkaTemplate<String, UserUpdate> kafka;

	private final Counter failed;

	UserUpdates(KafkaTemplate<String, UserUpdate> userUpdateKafkaTemplate, MeterRegistry registry) {
		this.kafka = userUpdateKafkaTemplate;
		this.failed = Counter.builder("roomcast.user.updates.failed")
			.description("User updates that could not be published")
			.register(registry);
	}

	/**
	 * Publishes one update without waiting for the broker.
	 * @param userId the user it is for
	 * @param type what happened
	 * @param data the type's fields (see {@code docs/api.md})
	 */
	public void publish(String userId, UserUpdate.Type type, Map<String, Object> data) {
		UserUpdate update = new UserUpdate(UserUpdate.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
				userId, type, data);
		try {
			this.kafka.send(Topics.USER_UPDATES, userId, update).whenComplete((result, ex) -> {
				if (ex != null) {
					failed(update, ex);
				}
			});
		}
		catch (RuntimeException ex) {
			failed(update, ex);
		}
	}

	/**
	 * Publishes the same update to several users.
	 * @param userIds the users it is for
	 * @param type what happened
	 * @param data the type's fields
	 */
	public void publish(Collection<String> userIds, UserUpdate.Type type, Map<String, Object> data) {
		userIds.forEach((userId) -> publish(userId, type, data));
	}

	private void failed(UserUpdate update, Throwable ex) {
		this.failed.increment();
		logger.warn("Could not publish {} update for user {}", update.type(), update.userId(), ex);
	}

}
