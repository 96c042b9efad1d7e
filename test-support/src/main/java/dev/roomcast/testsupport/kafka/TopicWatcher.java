package dev.roomcast.testsupport.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.roomcast.events.EventSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Reads the events a service publishes on one topic from the start of each test, for
 * tests that assert what was published (and what was not). A test registers it as
 * {@code @RegisterExtension final TopicWatcher<MessageSubmitted> inbound =
 * TopicWatcher.of(Topics.CHAT_INBOUND, MessageSubmitted.class, MessageSubmitted::roomId);}.
 * Every record's key must be the one the event names (the key function), so a record
 * keyed wrongly fails the test that reads it.
 *
 * @param <V> the event type
 */
public final class TopicWatcher<V> implements BeforeEachCallback, AfterEachCallback {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final String topic;

	private final EventSerde<V> values;

	private final Function<V, String> key;

	private final List<V> seen = new CopyOnWriteArrayList<>();

	private KafkaConsumer<String, V> consumer;

	private TopicWatcher(String topic, Class<V> type, Function<V, String> key) {
		this.topic = topic;
		this.values = EventSerde.of(type);
		this.key = key;
	}

	/**
	 * A watcher of a topic.
	 * @param <V> the event type
	 * @param topic the topic
	 * @param type the event record written to it
	 * @param key the key a record of the event must have
	 * @return the watcher, to register as an extension
	 */
	public static <V> TopicWatcher<V> of(String topic, Class<V> type, Function<V, String> key) {
		return new TopicWatcher<>(topic, type, key);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.seen.clear();
		this.consumer = TopicReader.consumerAtEnd(this.topic, this.values);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.consumer.close();
	}

	/**
	 * Waits until an event matching the condition was published in this test.
	 * @param condition on the event
	 * @return the first such event
	 */
	public V await(Predicate<V> condition) {
		return Awaitility.await().atMost(TIMEOUT).until(() -> {
			poll();
			return this.seen.stream().filter(condition).findFirst();
		}, Optional::isPresent).orElseThrow();
	}

	/**
	 * The events published in this test so far, after one more poll.
	 * @return them, in the order read
	 */
	public List<V> seen() {
		poll();
		return List.copyOf(this.seen);
	}

	private synchronized void poll() {
		for (ConsumerRecord<String, V> record : this.consumer.poll(Duration.ofMillis(100))) {
			String expected = this.key.apply(record.value());
			if (!expected.equals(record.key())) {
				throw new AssertionError(
						"A record on " + this.topic + " keyed " + record.key() + " instead of " + expected);
			}
			this.seen.add(record.value());
		}
	}

}
