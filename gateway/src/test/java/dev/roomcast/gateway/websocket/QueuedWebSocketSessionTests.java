package dev.roomcast.gateway.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

import dev.roomcast.gateway.websocket.QueuedWebSocketSession.AsyncWrites;
import dev.roomcast.gateway.websocket.QueuedWebSocketSession.Completion;
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

	private static final int WRITERS = 2;

	private final ExecutorService writers = Executors.newFixedThreadPool(WRITERS);

	private final WebSocketSession client = mock(WebSocketSession.class);

	private final List<String> written = new CopyOnWriteArrayList<>();

	private final List<QueuedWebSocketSession.Overflow> overflows = new CopyOnWriteArrayList<>();

	private final OutboundBacklog backlog = new OutboundBacklog(Long.MAX_VALUE / 2);

	private final AtomicInteger writeAttempts = new AtomicInteger();

	@AfterEach
	void stopWriters() {
		this.writers.shutdownNow();
	}

	@Test
	void writesFramesInTheOrderTheyWereQueued() throws Exception {
		recordWrites(null);
		QueuedWebSocketSession session = session(10_000);

		sendFrames(session, 1000);

		assertWrittenInOrder(1000);
	}

	@Test
	void closesAClientThatStopsReadingInsteadOfBlockingTheSender() throws Exception {
		CountDownLatch stuck = new CountDownLatch(1);
		recordWrites(stuck);
		QueuedWebSocketSession session = session(5);
		session.sendMessage(new TextMessage("frame 0"));
		await().atMost(5, TimeUnit.SECONDS).until(() -> this.writeAttempts.get() == 1);

		sendFrames(session, 10);

		assertThat(this.overflows).containsExactly(QueuedWebSocketSession.Overflow.SLOW_CLIENT);
		await().atMost(5, TimeUnit.SECONDS)
			.untilAsserted(() -> verify(this.client).close(QueuedWebSocketSession.TOO_SLOW));
		assertThat(this.backlog.chars()).isZero();
		stuck.countDown();
	}

	@Test
	void aClientOverItsLimitKeepsItsFramesWhileTheGatewayIsBehindAndTheBacklogHasRoom() throws Exception {
		recordWrites(null);
		CountDownLatch busy = occupyWriters();
		QueuedWebSocketSession session = session(5);

		sendFrames(session, 50);
		assertThat(this.overflows).isEmpty();
		assertThat(session.queued()).isEqualTo(50);
		busy.countDown();

		assertWrittenInOrder(50);
		verify(this.client, never()).close(any());
		await().atMost(5, TimeUnit.SECONDS).until(() -> this.backlog.chars() == 0);
	}

	@Test
	void closesAClientOverItsLimitAsOverloadedWhenTheGatewaysBacklogIsFull() throws Exception {
		recordWrites(null);
		CountDownLatch busy = occupyWriters();
		OutboundBacklog small = new OutboundBacklog("frame 0".length() * 20);
		QueuedWebSocketSession session = new QueuedWebSocketSession(this.client, this.writers,
				new QueuedWebSocketSession.Limits(5, 10_000_000, Duration.ofHours(1), small, 0), this.overflows::add);

		sendFrames(session, 21);

		assertThat(this.overflows).containsExactly(QueuedWebSocketSession.Overflow.BACKLOG_FULL);
		assertThat(small.chars()).isZero();
		busy.countDown();
		await().atMost(5, TimeUnit.SECONDS)
			.untilAsserted(() -> verify(this.client).close(QueuedWebSocketSession.OVERLOADED));
		assertThat(this.written).isEmpty();
	}

	@Test
	void closesOnlyAfterTheQueuedFramesAreWritten() throws Exception {
		CountDownLatch slow = new CountDownLatch(1);
		recordWrites(slow);
		QueuedWebSocketSession session = session(100);
		session.sendMessage(new TextMessage("ERROR frame"));

		session.close(CloseStatus.PROTOCOL_ERROR);
		verify(this.client, never()).close(any());
		slow.countDown();

		await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> verify(this.client).close(CloseStatus.PROTOCOL_ERROR));
		assertThat(this.written).containsExactly("ERROR frame");
	}

	@Test
	void writesAsynchronouslyInOrderWhetherTheSocketTakesAFrameAtOnceOrLater() throws Exception {
		ScheduledExecutorService socket = Executors.newSingleThreadScheduledExecutor();
		try {
			// every other frame is taken later, on another thread, as the container does
			// when the socket's buffer is full
			AsyncWrites async = asyncEndpoint((text, handler) -> {
				this.written.add(text);
				if (this.written.size() % 2 == 0) {
					handler.completed(null);
				}
				else {
					socket.schedule(() -> handler.completed(null), 1, TimeUnit.MILLISECONDS);
				}
			});
			QueuedWebSocketSession session = new QueuedWebSocketSession(this.client, this.writers, this.writers, async,
					limits(10_000), this.overflows::add);

			sendFrames(session, 100);

			assertWrittenInOrder(100);
			verify(this.client, never()).sendMessage(any());
		}
		finally {
			socket.shutdownNow();
		}
	}

	@Test
	void joinsTheTextFramesQueuedBehindAWriteIntoMessagesOfAtMostTheJoinLimit() throws Exception {
		AsyncWrites async = asyncEndpoint((text, handler) -> {
			this.written.add(text);
			handler.completed(null);
		});
		// four frames of 7 characters fit in 30
		QueuedWebSocketSession session = new QueuedWebSocketSession(this.client, this.writers, this.writers, async,
				new QueuedWebSocketSession.Limits(10_000, 10_000_000, Duration.ZERO, this.backlog, 30),
				this.overflows::add);
		CountDownLatch busy = occupyWriters();
		sendFrames(session, 6);
		session.sendMessage(new TextMessage("partial", false));
		sendFrames(session, 2);
		busy.countDown();

		await().atMost(5, TimeUnit.SECONDS).until(() -> this.written.size() == 4);
		assertThat(this.written).containsExactly("frame 0frame 1frame 2frame 3", "frame 4frame 5", "partial",
				"frame 0frame 1");
		assertThat(this.backlog.chars()).isZero();
	}

	@Test
	void aClientThatDoesNotTakeItsFramesHoldsNoWriterThread() throws Exception {
		ExecutorService oneWriter = Executors.newSingleThreadExecutor();
		try {
			AsyncWrites stalled = asyncEndpoint((text, handler) -> {
				// never completes: the client stopped reading
			});
			List<String> other = new CopyOnWriteArrayList<>();
			AsyncWrites reading = asyncEndpoint((text, handler) -> {
				other.add(text);
				handler.completed(null);
			});
			QueuedWebSocketSession stalledSession = new QueuedWebSocketSession(this.client, oneWriter, oneWriter,
					stalled, limits(100), this.overflows::add);
			QueuedWebSocketSession readingSession = new QueuedWebSocketSession(mock(WebSocketSession.class), oneWriter,
					oneWriter, reading, limits(100), this.overflows::add);

			for (int i = 0; i < 10; i++) {
				stalledSession.sendMessage(new TextMessage("stalled " + i));
				readingSession.sendMessage(new TextMessage("frame " + i));
			}

			await().atMost(5, TimeUnit.SECONDS).until(() -> other.size() == 10);
			assertThat(stalledSession.queued()).isEqualTo(9);
		}
		finally {
			oneWriter.shutdownNow();
		}
	}

	@Test
	void letsTheIdleTimeoutCloseOnlyAWriteThatWaitedTheSendTimeLimit() throws Exception {
		CountDownLatch writing = new CountDownLatch(1);
		AsyncWrites stalled = asyncEndpoint((text, handler) -> writing.countDown());
		QueuedWebSocketSession session = new QueuedWebSocketSession(this.client, this.writers, this.writers, stalled,
				limits(100), this.overflows::add);
		Duration sendTimeLimit = Duration.ofMillis(200);
		assertThat(session.mayTimeOut(sendTimeLimit)).as("a quiet client").isFalse();

		session.sendMessage(new TextMessage("\n"));
		assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();

		assertThat(session.mayTimeOut(Duration.ofMinutes(1))).as("a write that has just begun").isFalse();
		await().atMost(5, TimeUnit.SECONDS).until(() -> session.mayTimeOut(sendTimeLimit));
	}

	@Test
	void closesAClientWhoseWriteFails() throws Exception {
		AsyncWrites failing = asyncEndpoint((text, handler) -> handler.completed(new IOException("send timed out")));
		QueuedWebSocketSession session = new QueuedWebSocketSession(this.client, this.writers, this.writers, failing,
				limits(100), this.overflows::add);

		session.sendMessage(new TextMessage("frame"));

		await().atMost(5, TimeUnit.SECONDS)
			.untilAsserted(() -> verify(this.client).close(CloseStatus.SESSION_NOT_RELIABLE));
		assertThat(session.queued()).isZero();
	}

	/**
	 * Limits of at most this many frames, of a client that is too slow as soon as a write
	 * to it waits, and the test's backlog.
	 */
	private QueuedWebSocketSession.Limits limits(int maxQueuedFrames) {
		return new QueuedWebSocketSession.Limits(maxQueuedFrames, 10_000_000, Duration.ZERO, this.backlog, 0);
	}

	/**
	 * Keeps every writer thread busy elsewhere until the returned latch opens: nothing is
	 * written to a client meanwhile, and that is the gateway's doing, not the client's.
	 */
	private CountDownLatch occupyWriters() {
		CountDownLatch busy = new CountDownLatch(1);
		for (int i = 0; i < WRITERS; i++) {
			this.writers.execute(() -> {
				try {
					busy.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}
		return busy;
	}

	/**
	 * A session on the test's client and writers that queues at most this many frames.
	 */
	private QueuedWebSocketSession session(int maxQueuedFrames) {
		return new QueuedWebSocketSession(this.client, this.writers, limits(maxQueuedFrames), this.overflows::add);
	}

	private static void sendFrames(QueuedWebSocketSession session, int count) throws IOException {
		for (int i = 0; i < count; i++) {
			session.sendMessage(new TextMessage("frame " + i));
		}
	}

	private void assertWrittenInOrder(int count) {
		await().atMost(30, TimeUnit.SECONDS).until(() -> this.written.size() == count);
		assertThat(this.written)
			.containsExactlyElementsOf(IntStream.range(0, count).mapToObj((i) -> "frame " + i).toList());
	}

	private static AsyncWrites asyncEndpoint(BiConsumer<String, Completion> sendText) {
		return new AsyncWrites() {

			@Override
			public void sendText(String text, Completion done) {
				sendText.accept(text, done);
			}

			@Override
			public void sendBinary(ByteBuffer data, Completion done) {
				throw new UnsupportedOperationException("text only");
			}

		};
	}

	private void recordWrites(CountDownLatch gate) throws IOException {
		willAnswer((invocation) -> {
			this.writeAttempts.incrementAndGet();
			if (gate != null) {
				gate.await(10, TimeUnit.SECONDS);
			}
			WebSocketMessage<?> message = invocation.getArgument(0);
			this.written.add((String) message.getPayload());
			return null;
		}).given(this.client).sendMessage(any());
	}

}
