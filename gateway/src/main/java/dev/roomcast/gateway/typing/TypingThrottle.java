package dev.roomcast.gateway.typing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * At most one typing signal per user and room per {@link TypingProperties#interval()} on
 * this instance. Old entries are dropped now and then, so the map only holds recent
 * typists.
 */
@Component
class TypingThrottle {

	private static final long SWEEP_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	/** userId + roomId → when a signal was last forwarded (nanoTime). */
	private final Map<String, Long> forwarded = new ConcurrentHashMap<>();

	private final long intervalNanos;

	private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

	TypingThrottle(TypingProperties properties) {
		this.intervalNanos = properties.interval().toNanos();
	}

	boolean tryAcquire(String userId, String roomId) {
		long now = System.nanoTime();
		sweepNowAndThen(now);
		boolean[] acquired = { false };
		this.forwarded.compute(userId + '\n' + roomId, (key, last) -> {
			if (last != null && now - last < this.intervalNanos) {
				return last;
			}
			acquired[0] = true;
			return now;
		});
		return acquired[0];
	}

	private void sweepNowAndThen(long now) {
		long last = this.lastSweep.get();
		if (now - last > SWEEP_INTERVAL_NANOS && this.lastSweep.compareAndSet(last, now)) {
			this.forwarded.values().removeIf((forwardedAt) -> now - forwardedAt >= this.intervalNanos);
		}
	}

}
