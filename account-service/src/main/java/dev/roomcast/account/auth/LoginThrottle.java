package dev.roomcast.account.auth;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import dev.roomcast.account.user.UserDocument;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins in Bucket4j buckets kept in Redis, so every account-service
 * instance shares them. Two buckets per attempt:
 * <ul>
 * <li>one per (account, client address): guessing one password from one address is
 * slowed, but failures from an attacker's address never lock the owner out of their
 * own;</li>
 * <li>one per client address: one address spraying many usernames is slowed.</li>
 * </ul>
 * Only failures take tokens, so a user who types the password right is never slowed down.
 * Keys expire once their bucket has refilled, so a spray of names does not fill Redis.
 * <p>
 * Its Redis connection comes from the connection factory's client, so it follows the
 * factory's lifecycle: opened after the factory starts, closed before it stops (a stopped
 * and restarted context, as the test framework's paused contexts are, gets a new one).
 */
@Component
class LoginThrottle implements SmartLifecycle {

	static final String KEY_PREFIX = "roomcast:login-failures:";

	private final LettuceConnectionFactory connectionFactory;

	private volatile StatefulRedisConnection<String, byte[]> connection;

	private volatile ProxyManager<String> buckets;

	private final Supplier<BucketConfiguration> perAccountAndAddress;

	private final Supplier<BucketConfiguration> perAddress;

	LoginThrottle(LoginLimitProperties properties, RedisConnectionFactory connectionFactory) {
		this.connectionFactory = lettuce(connectionFactory);
		BucketConfiguration account = limit(properties.failuresPerAccount(), properties.window());
		BucketConfiguration address = limit(properties.failuresPerAddress(), properties.window());
		this.perAccountAndAddress = () -> account;
		this.perAddress = () -> address;
	}

	private static LettuceConnectionFactory lettuce(RedisConnectionFactory connectionFactory) {
		if (connectionFactory instanceof LettuceConnectionFactory lettuce) {
			return lettuce;
		}
		throw new IllegalStateException(
				"Login limits need a standalone Redis through Lettuce, not " + connectionFactory.getClass().getName());
	}

	@Override
	public void start() {
		if (!(this.connectionFactory.getNativeClient() instanceof RedisClient client)) {
			throw new IllegalStateException("Login limits need a standalone Redis, not "
					+ this.connectionFactory.getNativeClient().getClass().getName());
		}
		StatefulRedisConnection<String, byte[]> opened = client
			.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
		this.buckets = Bucket4jLettuce.casBasedBuilder(opened)
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
			.build();
		this.connection = opened;
	}

	@Override
	public void stop() {
		StatefulRedisConnection<String, byte[]> opened = this.connection;
		this.connection = null;
		if (opened != null) {
			opened.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.connection != null;
	}

	/**
	 * Right after the connection factory: started before the web server takes logins,
	 * stopped after it.
	 */
	@Override
	public int getPhase() {
		return this.connectionFactory.getPhase() + 1;
	}

	private static BucketConfiguration limit(int capacity, Duration window) {
		return BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(capacity).refillIntervally(capacity, window))
			.build();
	}

	/**
	 * Refuses the attempt when either bucket is empty.
	 * @param username the username tried
	 * @param address the client address
	 */
	void checkAllowed(String username, String address) {
		long waitNanos = Math.max(wait(accountKey(username, address), this.perAccountAndAddress),
				wait(addressKey(address), this.perAddress));
		if (waitNanos > 0) {
			throw new LoginThrottledException(Duration.ofNanos(waitNanos));
		}
	}

	void recordFailure(String username, String address) {
		this.buckets.getProxy(accountKey(username, address), this.perAccountAndAddress).tryConsume(1);
		this.buckets.getProxy(addressKey(address), this.perAddress).tryConsume(1);
	}

	private long wait(String key, Supplier<BucketConfiguration> configuration) {
		EstimationProbe probe = this.buckets.getProxy(key, configuration).estimateAbilityToConsume(1);
		return probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill();
	}

	private static String accountKey(String username, String address) {
		return KEY_PREFIX + "account:" + UserDocument.keyOf(username) + "@" + address;
	}

	private static String addressKey(String address) {
		return KEY_PREFIX + "address:" + address;
	}

}
