package dev.roomcast.account.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;

import dev.roomcast.account.user.UserDocument;

import org.springframework.stereotype.Component;

/**
 * Counts failed logins per account and per client address in Bucket4j buckets (in memory,
 * per instance). Only failures take tokens, so a user who types the password right is
 * never slowed down.
 */
@Component
class LoginThrottle {

	private final LoginLimitProperties properties;

	private final Map<String, Bucket> accounts;

	private final Map<String, Bucket> addresses;

	LoginThrottle(LoginLimitProperties properties) {
		this.properties = properties;
		this.accounts = lru(properties.trackedKeys());
		this.addresses = lru(properties.trackedKeys());
	}

	/**
	 * Refuses the attempt when either bucket is empty.
	 * @param username the username tried
	 * @param address the client address
	 */
	void checkAllowed(String username, String address) {
		long waitNanos = Math.max(wait(this.accounts, UserDocument.keyOf(username)), wait(this.addresses, address));
		if (waitNanos > 0) {
			throw new LoginThrottledException(Duration.ofNanos(waitNanos));
		}
	}

	void recordFailure(String username, String address) {
		bucket(this.accounts, UserDocument.keyOf(username), this.properties.failuresPerAccount()).tryConsume(1);
		bucket(this.addresses, address, this.properties.failuresPerAddress()).tryConsume(1);
	}

	private long wait(Map<String, Bucket> buckets, String key) {
		Bucket bucket;
		synchronized (buckets) {
			bucket = buckets.get(key);
		}
		if (bucket == null) {
			return 0;
		}
		EstimationProbe probe = bucket.estimateAbilityToConsume(1);
		return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
	}

	private Bucket bucket(Map<String, Bucket> buckets, String key, int capacity) {
		synchronized (buckets) {
			return buckets.computeIfAbsent(key, (k) -> Bucket.builder()
				.addLimit((limit) -> limit.capacity(capacity).refillIntervally(capacity, this.properties.window()))
				.build());
		}
	}

	private static Map<String, Bucket> lru(int maxEntries) {
		return new LinkedHashMap<>(256, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
				return size() > maxEntries;
			}

		};
	}

}
