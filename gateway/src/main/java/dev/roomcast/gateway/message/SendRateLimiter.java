package dev.roomcast.gateway.message;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.Bucket;

import org.springframework.stereotype.Component;

/**
 * A token bucket per user, shared by all of the user's sessions on this gateway instance.
 * Full buckets are dropped now and then: a full bucket and a new one are the same, so the
 * map only holds users who sent recently.
 */
@Component
class SendRateLimiter {

	private static final long SWEEP_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final SendProperties.RateLimit limit;

	private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

	SendRateLimiter(SendProperties properties) {
		this.limit = properties.rateLimit();
	}

	boolean tryAcquire(String userId) {
		sweepNowAndThen();
		return this.buckets.computeIfAbsent(userId, (id) -> newBucket()).tryConsume(1);
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(this.limit.capacity())
				.refillGreedy(this.limit.capacity(), this.limit.period()))
			.build();
	}

	private void sweepNowAndThen() {
		long last = this.lastSweep.get();
		long now = System.nanoTime();
		if (now - last > SWEEP_INTERVAL_NANOS && this.lastSweep.compareAndSet(last, now)) {
			this.buckets.values().removeIf((bucket) -> bucket.getAvailableTokens() >= this.limit.capacity());
		}
	}

}
