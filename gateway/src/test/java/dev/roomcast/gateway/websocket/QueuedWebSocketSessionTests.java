package dev.roomcast.gateway.websocket;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class QueuedWebSocketSessionTests {

	private final ExecutorService writers = Executors.newFixedThreadPool(2);

	private final WebSocketSession client = mock(WebSocketSession.class);

	private final List<String> written = new CopyOnWriteArrayList<>();

	private final AtomicInteger overflows = new AtomicInteger();

	@AfterEach
	void stopWriters() {
		this.writers.shutdownNow();
	}

	@Test
	void writesFramesInTheOrderTheyWereQueued() throws Exception {
		recordWrites(null);
		QueuedWebSocketSession session = new QueuedWebSocketSession(this.client, this.writers, 10_000, 10_000_000,
				this.overflows::incrementAndGet);

		for (int i = 0; i < 1000; i++) {
			session.sendMessage(new TextMessage("frame " + i));
		}

		await().atMost(5, TimeUnit.SECONDS).until(() -> this.written.size() == 1000);
		assertThat(this.written).containsExactlyElementsOf(
				java.util.stream.IntStream.range(0, 1000).mapToObj((i) -> "frame " + i).toList());
	}

	@Test
	void closesAClientThatStopsReadingInsteadOfBlockingTheSender() throws Exception {
		CountDownLatch stuck = new CountDownLatch(1);
		recordWrites(stuck);
		QueuedWebSocketSession session = new QueuedWebSocketSession(this.client, this.writers, 5, 10_000_000,
				this.overflows::incrementAndGet);

		for (int i = 0; i < 10; i++) {
			session.sendMessage(new TextMessage("frame " + i));
		}

		assertThat(this.overflows).hasValue(1);
		await().atMost(5, TimeUnit.SECONDS)
			.untilAsserted(() -> verify(this.client).close(QueuedWebSocketSession.TOO_SLOW));
		stuck.countDown();
	}

	@Test
	void closesOnlyAfterTheQueuedFramesAreWritten() throws Exception {
		CountDownLatch slow = new CountDownLatch(1);
		recordWrites(slow);
		QueuedWebSocketSession session = new QueuedWebSocketSession(this.client, this.writers, 100, 10_000_000,
				this.overflows::incrementAndGet);
		session.sendMessage(new TextMessage("ERROR frame"));

		session.close(CloseStatus.PROTOCOL_ERROR);
		verify(this.client, never()).close(any());
		slow.countDown();

		await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> verify(this.client).close(CloseStatus.PROTOCOL_ERROR));
		assertThat(this.written).containsExactly("ERROR frame");
	}

	private void recordWrites(CountDownLatch gate) throws IOException {
		willAnswer((invocation) -> {
			if (gate != null) {
				gate.await(10, TimeUnit.SECONDS);
			}
			WebSocketMessage<?> message = invocation.getArgument(0);
			this.written.add((String) message.getPayload());
			return null;
		}).given(this.client).sendMessage(any());
	}

}
