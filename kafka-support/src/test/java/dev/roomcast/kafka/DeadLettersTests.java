package dev.roomcast.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DeadLettersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final DeadLetters deadLetters = new DeadLetters(Map.of("bootstrap.servers", "localhost:1"), this.registry);

	@AfterEach
	void clear() {
		KafkaUtils.clearConsumerGroupId();
		this.deadLetters.destroy();
	}

	@Test
	void aReaderWithoutGroupSkipsAndCounts() {
		this.deadLetters.accept(new ConsumerRecord<>("chat.notices", 0, 7, "k", "v"), new RuntimeException("boom"));

		assertThat(this.registry.get("roomcast.kafka.records.skipped").tag("topic", "chat.notices").counter().count())
			.isEqualTo(1);
	}

	@Test
	void aGroupRetriesAFailureThatIsNotTheRecords() {
		KafkaUtils.setConsumerGroupId("persistence-service");

		assertThatIllegalStateException().isThrownBy(() -> this.deadLetters
			.accept(new ConsumerRecord<>("chat.room-events", 0, 7, "k", "v"), new RuntimeException("store down")));
		assertThat(this.registry.find("roomcast.kafka.dead.lettered").counter()).isNull();
	}

	@Test
	void unreadableAndInvalidRecordsArePoisonWhereverTheyAreWrapped() {
		DeserializationException unreadable = new DeserializationException("bad", new byte[0], false, null);
		assertThat(DeadLetters.isPoison(new ListenerExecutionFailedException("failed", unreadable))).isTrue();
		assertThat(DeadLetters
			.isPoison(new ListenerExecutionFailedException("failed", new PoisonRecordException("not a room event"))))
			.isTrue();
		assertThat(DeadLetters.isPoison(new ListenerExecutionFailedException("failed", new RuntimeException())))
			.isFalse();
	}

	@Test
	void headersAreThoseOfTheDeadLetterPublishingRecoverer() {
		Headers headers = new RecordHeaders();

		DeadLetters.headers(headers, "chat.inbound", 3, 42L, "Not a MessageSubmitted");

		assertThat(headers.lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC).value())
			.isEqualTo("chat.inbound".getBytes(StandardCharsets.UTF_8));
		assertThat(ByteBuffer.wrap(headers.lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value()).getInt())
			.isEqualTo(3);
		assertThat(ByteBuffer.wrap(headers.lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong())
			.isEqualTo(42L);
		assertThat(headers.lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE).value())
			.isEqualTo("Not a MessageSubmitted".getBytes(StandardCharsets.UTF_8));
	}

}
