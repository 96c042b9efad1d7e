package dev.roomcast.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.roomcast.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * What happens to a record a listener could not handle, once the error handler's bounded
 * retries are spent:
 * <ul>
 * <li>read by a consumer group (persistence-service's projection): a poison record
 * (unreadable, or a {@link PoisonRecordException}) goes to {@code <topic>-dlt} and is
 * counted in {@code roomcast.kafka.dead.lettered{topic}}; any other failure (the store is
 * down) is refused here, so the record is tried again until it passes: an event is never
 * dead-lettered for a fault that is not its own;</li>
 * <li>read without a group (every instance reads every partition for itself: the
 * gateway's live readers, the room directory): logged, counted in
 * {@code roomcast.kafka.records.skipped{topic}} and skipped. Every instance reads the
 * same record, so dead-lettering it would write one copy per instance; and nothing
 * durable depends on these readers.</li>
 * </ul>
 * chat-service's Kafka Streams topology dead-letters inside its own transaction and uses
 * {@link #headers} and {@link #counter} so that its dead letters look and count the same.
 */
public final class DeadLetters implements ConsumerRecordRecoverer, DisposableBean {

	static final String DEAD_LETTERED = "roomcast.kafka.dead.lettered";

	static final String SKIPPED = "roomcast.kafka.records.skipped";

	private static final Logger logger = LoggerFactory.getLogger(DeadLetters.class);

	private final DefaultKafkaProducerFactory<Object, Object> producerFactory;

	private final DeadLetterPublishingRecoverer publisher;

	private final MeterRegistry registry;

	DeadLetters(Map<String, Object> producerProperties, MeterRegistry registry) {
		this.producerFactory = new DefaultKafkaProducerFactory<>(producerProperties, new DeadLetterSerializer(),
				new DeadLetterSerializer());
		this.publisher = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(this.producerFactory),
				(record, ex) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
		this.registry = registry;
	}

	@Override
	public void accept(ConsumerRecord<?, ?> record, Exception ex) {
		if (KafkaUtils.getConsumerGroupId() == null) {
			logger.warn("Skipping {} that could not be handled", describe(record), ex);
			Counter.builder(SKIPPED)
				.description("Records a reader without a consumer group could not handle and skipped")
				.tag("topic", record.topic())
				.register(this.registry)
				.increment();
			return;
		}
		if (!isPoison(ex)) {
			throw new IllegalStateException("Not dead-lettering " + describe(record)
					+ ": the failure is not the record's (" + ex.getMessage() + "); retrying", ex);
		}
		this.publisher.accept(record, ex);
		counter(this.registry, record.topic()).increment();
	}

	/**
	 * The count of a topic's dead letters, {@code roomcast.kafka.dead.lettered{topic}}.
	 * @param registry the registry
	 * @param topic the topic the records came from
	 * @return the counter
	 */
	public static Counter counter(MeterRegistry registry, String topic) {
		return Counter.builder(DEAD_LETTERED)
			.description("Poison records sent to their topic's dead-letter topic")
			.tag("topic", topic)
			.register(registry);
	}

	/**
	 * Adds the headers {@link DeadLetterPublishingRecoverer} writes (original topic,
	 * partition, offset, the failure's message) to a dead letter sent by other means.
	 * @param headers the dead letter's headers
	 * @param topic the original topic
	 * @param partition the original partition
	 * @param offset the original offset
	 * @param reason why it is dead
	 */
	public static void headers(Headers headers, String topic, int partition, long offset, String reason) {
		headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
		headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(partition).array());
		headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(offset).array());
		headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, reason.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public void destroy() {
		this.producerFactory.destroy();
	}

	static boolean isPoison(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DeserializationException || cause instanceof PoisonRecordException) {
				return true;
			}
		}
		return false;
	}

	private static String describe(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

}
