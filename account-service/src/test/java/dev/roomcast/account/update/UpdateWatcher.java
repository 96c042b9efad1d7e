package dev.roomcast.account.update;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.Topics;
import dev.roomcast.events.UserUpdate;
import dev.roomcast.testsupport.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Reads {@code user.updates} from the start of each test, as the gateways do: a test
 * registers it as
 * {@code @RegisterExtension final UpdateWatcher updates = new UpdateWatcher();}.
 */
public final class UpdateWatcher implements BeforeEachCallback, AfterEachCallback {

	private KafkaConsumer<String, UserUpdate> consumer;

	private final List<ConsumerRecord<String, UserUpdate>> seen = new CopyOnWriteArrayList<>();

	@Override
	public void beforeEach(ExtensionContext context) {
		this.consumer = TopicReader.consumerAtEnd(Topics.USER_UPDATES, EventSerde.of(UserUpdate.class));
	}

	/**
	 * Waits for an update for a user matching a condition.
	 * @param userId the user it is for (also the record key)
	 * @param type its type
	 * @param condition on it
	 * @return the update
	 */
	public UserUpdate await(String userId, UserUpdate.Type type, Predicate<UserUpdate> condition) {
		return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
			poll();
			return find(userId, type, condition);
		}, (found) -> found != null);
	}

	/**
	 * The updates of a user seen so far, after one more poll.
	 * @param userId the user
	 * @return their updates in arrival order
	 */
	public List<UserUpdate> of(String userId) {
		poll();
		return this.seen.stream().filter((record) -> record.key().equals(userId)).map(ConsumerRecord::value).toList();
	}

	/**
	 * A condition for {@link #await}: the update's data names this user, room or value.
	 * @param key the data's key, such as {@code userId} or {@code roomId}
	 * @param value the value it must have
	 * @return the condition
	 */
	public static Predicate<UserUpdate> about(String key, Object value) {
		return (update) -> value.equals(update.data().get(key));
	}

	private void poll() {
		this.consumer.poll(Duration.ofMillis(100)).forEach(this.seen::add);
	}

	private UserUpdate find(String userId, UserUpdate.Type type, Predicate<UserUpdate> condition) {
		return this.seen.stream()
			.filter((record) -> record.key().equals(userId))
			.map(ConsumerRecord::value)
			.filter((update) -> update.userId().equals(userId) && update.type() == type && condition.test(update))
			.findFirst()
			.orElse(null);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.consumer.close();
	}

}
