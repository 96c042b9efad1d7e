package dev.roomcast.gateway.presence;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.roomcast.events.PresenceChanged;
import dev.roomcast.events.PresenceChanged.Status;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Presence as Redis holds it for every gateway instance. Each instance writes its own
 * view of a user (the user's hash {@code roomcast:presence:user:<userId>}, field
 * instanceId → {@code ONLINE} or {@code AWAY}); one Lua script writes that field and
 * derives the combined status ({@link PresenceChanged#STATUS_KEY_PREFIX}: ONLINE if any
 * instance says so, else AWAY if any, else absent) atomically, so two instances changing
 * the same user at once agree on the result. Each instance keeps a heart-beat key with a
 * TTL and the set of users it holds, so a surviving instance can take back the fields of
 * one that died.
 */
@Component
class PresenceStore {

	private static final String PREFIX = "roomcast:presence:";

	private static final String INSTANCES = PREFIX + "gateways";

	/**
	 * KEYS: the user's hash, the user's status, the instance's user set. ARGV: the
	 * instance id, its view of the user ('' for none), the userId. Returns the new
	 * combined status if it changed, else ''.
	 */
	private static final RedisScript<String> WRITE = new DefaultRedisScript<>(
			"""
					if ARGV[2] == '' then
					  redis.call('HDEL', KEYS[1], ARGV[1])
					  redis.call('SREM', KEYS[3], ARGV[3])
					else
					  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
					  redis.call('SADD', KEYS[3], ARGV[3])
					end
					local status = 'OFFLINE'
					for _, view in ipairs(redis.call('HVALS', KEYS[1])) do
					  if view == 'ONLINE' then status = 'ONLINE' elseif view == 'AWAY' and status == 'OFFLINE' then status = 'AWAY' end
					end
					local old = redis.call('GET', KEYS[2]) or 'OFFLINE'
					if status == 'OFFLINE' then redis.call('DEL', KEYS[2]) else redis.call('SET', KEYS[2], status) end
					if old == status then return '' end
					return status
					""",
			String.class);

	private final StringRedisTemplate redis;

	PresenceStore(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Writes one instance's view of a user.
	 * @param instanceId the gateway instance
	 * @param userId the user
	 * @param view the instance's view, {@code OFFLINE} when it holds no socket of the
	 * user
	 * @return the user's new combined status if it changed, else {@code null}
	 */
	@Nullable Status write(String instanceId, String userId, Status view) {
		String changed = this.redis.execute(WRITE,
				List.of(PREFIX + "user:" + userId, PresenceChanged.STATUS_KEY_PREFIX + userId, users(instanceId)),
				instanceId, (view != Status.OFFLINE) ? view.name() : "", userId);
		return (changed == null || changed.isEmpty()) ? null : Status.valueOf(changed);
	}

	/**
	 * Renews an instance's heart-beat and lists it among the instances.
	 * @param instanceId the gateway instance
	 * @param ttl how long the heart-beat lives unrenewed
	 * @return whether the heart-beat was still there: if not, the instance was taken for
	 * dead (or Redis lost its data) and must write its views again
	 */
	boolean heartbeat(String instanceId, Duration ttl) {
		Boolean renewed = this.redis.expire(heartbeat(instanceId), ttl);
		if (!Boolean.TRUE.equals(renewed)) {
			this.redis.opsForValue().set(heartbeat(instanceId), "1", ttl);
		}
		this.redis.opsForSet().add(INSTANCES, instanceId);
		return Boolean.TRUE.equals(renewed);
	}

	/**
	 * The listed instances whose heart-beat expired.
	 * @return their ids
	 */
	List<String> deadInstances() {
		Set<String> instances = this.redis.opsForSet().members(INSTANCES);
		if (instances == null) {
			return List.of();
		}
		return instances.stream().filter((id) -> !Boolean.TRUE.equals(this.redis.hasKey(heartbeat(id)))).toList();
	}

	/**
	 * The users an instance holds a view of.
	 * @param instanceId the gateway instance
	 * @return their ids
	 */
	Set<String> usersOf(String instanceId) {
		Set<String> users = this.redis.opsForSet().members(users(instanceId));
		return (users != null) ? users : Set.of();
	}

	/**
	 * Forgets an instance whose views were all removed.
	 * @param instanceId the gateway instance
	 */
	void forget(String instanceId) {
		this.redis.delete(List.of(users(instanceId), heartbeat(instanceId)));
		this.redis.opsForSet().remove(INSTANCES, instanceId);
	}

	private static String heartbeat(String instanceId) {
		return PREFIX + "gateway:" + instanceId;
	}

	private static String users(String instanceId) {
		return PREFIX + "gateway-users:" + instanceId;
	}

}
