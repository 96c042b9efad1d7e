package dev.roomcast.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.RoomDirectory;
import dev.roomcast.events.RoomSnapshot;
import dev.roomcast.events.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.TopicPartitionOffset;

/**
 * Feeds the {@link RoomDirectory} from {@link Topics#ACCOUNT_ROOMS}: every partition,
 * from the beginning, at every start, outside any consumer group (each instance needs
 * every room), in a listener container of its own that keeps following the topic.
 *
 * <p>
 * It starts before the web server, the other listener containers and Kafka Streams, and
 * {@link #start()} returns only once the directory holds every record that was in the
 * topic when it started (or the start-up timeout passed, with a warning), so that no
 * service answers or orders anything from an empty directory. {@link #isCaughtUp()} tells
 * whether that point was reached.
 *
 * <p>
 * An unreadable snapshot is skipped by the shared error handler (logged and counted in
 * {@code roomcast.kafka.records.skipped}); it never removes its room.
 */
public class RoomDirectoryReader implements SmartLifecycle {

	/** Before the web server, Kafka Streams and the other listener containers start. */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Logger logger = LoggerFactory.getLogger(RoomDirectoryReader.class);

	private static final EventSerde<RoomSnapshot> SNAPSHOTS = EventSerde.of(RoomSnapshot.class);

	private final RoomDirectory directory;

	private final DefaultKafkaConsumerFactory<String, byte[]> consumerFactory;

	private final CommonErrorHandler errorHandler;

	private final Duration startupTimeout;

	/** partition → the end offset it had when reading started, until it is reached. */
	private final Map<Integer, Long> behind = new ConcurrentHashMap<>();

	private final CountDownLatch caughtUp = new CountDownLatch(1);

	private volatile KafkaMessageListenerContainer<String, byte[]> container;

	RoomDirectoryReader(RoomDirectory directory, Map<String, Object> consumerProperties,
			CommonErrorHandler errorHandler, Duration startupTimeout) {
		this.directory = directory;
		Map<String, Object> properties = new HashMap<>(consumerProperties);
		properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
		properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		this.consumerFactory = new DefaultKafkaConsumerFactory<>(properties, new StringDeserializer(),
				new ByteArrayDeserializer());
		this.errorHandler = errorHandler;
		this.startupTimeout = startupTimeout;
	}

	@Override
	public void start() {
		long deadline = System.nanoTime() + this.startupTimeout.toNanos();
		List<TopicPartition> partitions = partitions(deadline);
		ContainerProperties properties = new ContainerProperties(partitions.stream()
			.map((partition) -> new TopicPartitionOffset(partition.topic(), partition.partition(),
					TopicPartitionOffset.SeekPosition.BEGINNING))
			.toArray(TopicPartitionOffset[]::new));
		// no group: nothing is ever committed
		properties.setAckMode(ContainerProperties.AckMode.MANUAL);
		properties.setClientId("room-directory");
		properties.setMessageListener((MessageListener<String, byte[]>) this::onRecord);
		KafkaMessageListenerContainer<String, byte[]> container = new KafkaMessageListenerContainer<>(
				this.consumerFactory, properties);
		container.setBeanName("room-directory");
		container.setCommonErrorHandler(this.errorHandler);
		this.container = container;
		container.start();
		awaitCaughtUp(deadline);
	}

	/**
	 * Whether the directory has read {@link Topics#ACCOUNT_ROOMS} up to where it ended
	 * when reading started.
	 * @return whether it caught up
	 */
	public boolean isCaughtUp() {
		return this.caughtUp.getCount() == 0;
	}

	@Override
	public void stop() {
		KafkaMessageListenerContainer<String, byte[]> container = this.container;
		if (container != null) {
			container.stop();
		}
	}

	@Override
	public boolean isRunning() {
		KafkaMessageListenerContainer<String, byte[]> container = this.container;
		return container != null && container.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void onRecord(ConsumerRecord<String, byte[]> record) {
		try {
			this.directory.apply(record.key(),
					(record.value() != null) ? SNAPSHOTS.deserialize(record.topic(), record.value()) : null);
		}
		catch (SerializationException ex) {
			throw new PoisonRecordException("Not a room snapshot", ex);
		}
		finally {
			reached(record);
		}
	}

	private void reached(ConsumerRecord<String, byte[]> record) {
		Long end = this.behind.get(record.partition());
		if (end != null && record.offset() + 1 >= end) {
			this.behind.remove(record.partition());
			if (this.behind.isEmpty()) {
				caughtUp();
			}
		}
	}

	private void caughtUp() {
		if (this.caughtUp.getCount() > 0) {
			logger.info("Room directory caught up with {}: {} rooms", Topics.ACCOUNT_ROOMS, this.directory.size());
			this.caughtUp.countDown();
		}
	}

	/**
	 * The topic's partitions, waiting for the topic to exist, and where each ends now.
	 */
	private List<TopicPartition> partitions(long deadline) {
		try (Consumer<String, byte[]> consumer = this.consumerFactory.createConsumer()) {
			List<TopicPartition> partitions = List.of();
			while (partitions.isEmpty()) {
				try {
					partitions = consumer.partitionsFor(Topics.ACCOUNT_ROOMS, Duration.ofSeconds(5))
						.stream()
						.map((info) -> new TopicPartition(info.topic(), info.partition()))
						.toList();
				}
				catch (TimeoutException ex) {
					// a broker too busy to answer within 5 s is asked again until the
					// start-up timeout, as a topic not created yet is
					logger.info("No metadata of {} yet: {}", Topics.ACCOUNT_ROOMS, ex.getMessage());
				}
				if (partitions.isEmpty() && System.nanoTime() > deadline) {
					throw new IllegalStateException(
							"Topic " + Topics.ACCOUNT_ROOMS + " does not exist or the broker did not answer");
				}
			}
			Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
			consumer.endOffsets(partitions).forEach((partition, end) -> {
				if (end > begin.get(partition)) {
					this.behind.put(partition.partition(), end);
				}
			});
			if (this.behind.isEmpty()) {
				caughtUp();
			}
			return partitions;
		}
	}

	private void awaitCaughtUp(long deadline) {
		try {
			if (!this.caughtUp.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				logger.warn("Room directory has not caught up with {} after {}; starting anyway with {} rooms",
						Topics.ACCOUNT_ROOMS, this.startupTimeout, this.directory.size());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
