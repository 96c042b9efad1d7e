package dev.roomcast.account.contact;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.roomcast.events.PresenceChanged;
import dev.roomcast.events.PresenceChanged.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Users' current presence as the gateways keep it in Redis
 * ({@link PresenceChanged#STATUS_KEY_PREFIX}); a user without a status is offline.
 */
@Component
class Presences {

	private static final Logger logger = LoggerFactory.getLogger(Presences.class);

	private final StringRedisTemplate redis;

	Presences(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * The current status of some users, in one round trip.
	 * @param userIds the users
	 * @return userId → status, every user included; empty when Redis cannot answer (a
	 * contact list without presence beats no contact list)
	 */
	Map<String, Status> of(List<String> userIds) {
		Map<String, Status> statuses = new HashMap<>();
		if (userIds.isEmpty()) {
			return statuses;
		}
		try {
			List<String> values = this.redis.opsForValue()
				.multiGet(userIds.stream().map((id) -> PresenceChanged.STATUS_KEY_PREFIX + id).toList());
			for (int i = 0; i < userIds.size(); i++) {
				String value = (values != null) ? values.get(i) : null;
				statuses.put(userIds.get(i), (value != null) ? Status.valueOf(value) : Status.OFFLINE);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read the presence of {} users", userIds.size(), ex);
		}
		return statuses;
	}

}
