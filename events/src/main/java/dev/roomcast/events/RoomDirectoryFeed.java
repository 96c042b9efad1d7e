package dev.roomcast.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Feeds a {@link RoomDirectory} from {@link Topics#ACCOUNT_ROOMS}: every partition, from
 * the beginning, on every start, without a consumer group (each instance needs every
 * room), on a thread of its own. {@link #start()} returns once the view has caught up
 * with the topic's end, so that a service that starts it before its own consumers never
 * works from an empty view. Used by chat-service and persistence-service
 * ({@code @Bean(initMethod = "start", destroyMethod = "close")}).
 */
public final class RoomDirectoryFeed implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(RoomDirectoryFeed.class.getName());

	private static final EventSerde<RoomSnapshot> SNAPSHOTS = EventSerde.of(RoomSnapshot.class);

	private final RoomDirectory directory;

	private final Map<String, Object> consumerProperties;

	private final Duration startupTimeout;

	private volatile boolean running;

	private volatile KafkaConsumer<String, byte[]> consumer;

	private Thread thread;

	/**
	 * A feed that is not started yet.
	 * @param directory the view to feed
	 * @param consumerProperties the service's Kafka consumer properties; the group
	 * settings are dropped
	 * @param startupTimeout how long {@link #start()} waits to catch up before going on
	 * with what it has (and a warning)
	 */
	public RoomDirectoryFeed(RoomDirectory directory, Map<String, Object> consumerProperties, Duration startupTimeout) {
		this.directory = directory;
		this.consumerProperties = new HashMap<>(consumerProperties);
		this.consumerProperties.remove(ConsumerConfig.GROUP_ID_CONFIG);
		this.consumerProperties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		this.consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		this.consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		this.consumerProperties.put(ConsumerConfig.CLIENT_ID_CONFIG, "room-directory-" + System.nanoTime());
		this.startupTimeout = startupTimeout;
	}

	/**
	 * Starts reading and returns once the view caught up (or the start-up timeout
	 * passed).
	 */
	public void start() {
		CountDownLatch caughtUp = new CountDownLatch(1);
		this.consumer = new KafkaConsumer<>(this.consumerProperties, new StringDeserializer(),
				new ByteArrayDeserializer());
		this.running = true;
		this.thread = new Thread(() -> run(caughtUp), "room-directory-feed");
		this.thread.setDaemon(true);
		this.thread.start();
		try {
			if (!caughtUp.await(this.startupTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.log(System.Logger.Level.WARNING,
						"Room directory has not caught up with " + Topics.ACCOUNT_ROOMS + " after "
								+ this.startupTimeout + "; starting anyway with " + this.directory.size() + " rooms");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run(CountDownLatch caughtUp) {
		KafkaConsumer<String, byte[]> consumer = this.consumer;
		try {
			List<TopicPartition> partitions = assignAll(consumer);
			Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions);
			while (this.running) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					apply(record);
				}
				if (caughtUp.getCount() > 0 && reached(consumer, endAtStart)) {
					logger.log(System.Logger.Level.INFO,
							"Room directory caught up: " + this.directory.size() + " rooms");
					caughtUp.countDown();
				}
			}
		}
		catch (WakeupException ex) {
			// stopping
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.ERROR, "Room directory feed stopped", ex);
		}
		finally {
			consumer.close(Duration.ofSeconds(2));
		}
	}

	private List<TopicPartition> assignAll(KafkaConsumer<String, byte[]> consumer) {
		List<TopicPartition> partitions = List.of();
		while (this.running && partitions.isEmpty()) {
			partitions = consumer.partitionsFor(Topics.ACCOUNT_ROOMS, Duration.ofSeconds(10))
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
		}
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		return partitions;
	}

	private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
		return end.entrySet().stream().allMatch((entry) -> consumer.position(entry.getKey()) >= entry.getValue());
	}

	private void apply(ConsumerRecord<String, byte[]> record) {
		try {
			this.directory.apply(record.key(), SNAPSHOTS.deserialize(record.topic(), record.value()));
		}
		catch (SerializationException ex) {
			logger.log(System.Logger.Level.WARNING, "Skipping unreadable room snapshot at " + record.topic() + "-"
					+ record.partition() + "@" + record.offset(), ex);
		}
	}

	/** Stops reading and waits for the feed thread to end. */
	@Override
	public void close() {
		this.running = false;
		KafkaConsumer<String, byte[]> consumer = this.consumer;
		if (consumer != null) {
			consumer.wakeup();
		}
		if (this.thread != null) {
			try {
				this.thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
