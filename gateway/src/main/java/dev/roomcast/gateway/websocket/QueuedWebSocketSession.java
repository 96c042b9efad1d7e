package dev.roomcast.gateway.websocket;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * A session whose {@link #sendMessage} only queues: a writer thread drains the queue, so
 * the thread fanning a room event out never blocks on a client that stops reading. The
 * queue is bounded; a client that falls that far behind is closed (it reconnects and
 * catches up by seq) rather than silently skipped. Frames are written in the order they
 * were queued.
 */
class QueuedWebSocketSession extends WebSocketSessionDecorator {

	static final CloseStatus TOO_SLOW = CloseStatus.POLICY_VIOLATION.withReason("Client too slow: outbound queue full");

	private static final Logger logger = LoggerFactory.getLogger(QueuedWebSocketSession.class);

	private final Executor writers;

	private final int queueLimit;

	private final long bytesLimit;

	private final Runnable onOverflow;

	private final Queue<WebSocketMessage<?>> queue = new ArrayDeque<>();

	private long queuedBytes;

	private boolean draining;

	private boolean closed;

	private CloseStatus pendingClose;

	QueuedWebSocketSession(WebSocketSession delegate, Executor writers, int queueLimit, long bytesLimit,
			Runnable onOverflow) {
		super(delegate);
		this.writers = writers;
		this.queueLimit = queueLimit;
		this.bytesLimit = bytesLimit;
		this.onOverflow = onOverflow;
	}

	@Override
	public void sendMessage(WebSocketMessage<?> message) throws IOException {
		enqueue(message);
	}

	/**
	 * Queues a frame; never blocks and never throws.
	 * @param message the frame
	 */
	void enqueue(WebSocketMessage<?> message) {
		boolean startDrain = false;
		boolean overflow = false;
		synchronized (this.queue) {
			if (this.closed) {
				return;
			}
			if (this.queue.size() >= this.queueLimit || this.queuedBytes + size(message) > this.bytesLimit) {
				overflow = true;
				this.closed = true;
				this.queue.clear();
				this.queuedBytes = 0;
			}
			else {
				this.queue.add(message);
				this.queuedBytes += size(message);
				if (!this.draining) {
					this.draining = true;
					startDrain = true;
				}
			}
		}
		if (overflow) {
			this.onOverflow.run();
			this.writers.execute(() -> closeQuietly(TOO_SLOW));
		}
		else if (startDrain) {
			this.writers.execute(this::drain);
		}
	}

	/**
	 * Closes after the frames already queued are written (a STOMP ERROR frame must reach
	 * the client before the close).
	 */
	@Override
	public void close(CloseStatus status) throws IOException {
		synchronized (this.queue) {
			this.closed = true;
			if (this.draining) {
				this.pendingClose = status;
				return;
			}
		}
		getDelegate().close(status);
	}

	@Override
	public void close() throws IOException {
		close(CloseStatus.NORMAL);
	}

	int queued() {
		synchronized (this.queue) {
			return this.queue.size();
		}
	}

	void discard() {
		synchronized (this.queue) {
			this.closed = true;
			this.queue.clear();
			this.queuedBytes = 0;
		}
	}

	/**
	 * A frame's size for the queue's limit: characters for text frames, whose
	 * {@code getPayloadLength} encodes the whole text to UTF-8 at every call.
	 */
	private static int size(WebSocketMessage<?> message) {
		return (message instanceof TextMessage text) ? text.getPayload().length() : message.getPayloadLength();
	}

	private void drain() {
		while (true) {
			WebSocketMessage<?> next;
			synchronized (this.queue) {
				next = this.queue.poll();
				if (next == null) {
					this.draining = false;
					if (this.pendingClose != null) {
						CloseStatus status = this.pendingClose;
						this.pendingClose = null;
						this.writers.execute(() -> closeQuietly(status));
					}
					return;
				}
				this.queuedBytes -= size(next);
			}
			try {
				getDelegate().sendMessage(next);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Write to WebSocket session {} failed, closing it", getId(), ex);
				discard();
				closeQuietly(CloseStatus.SESSION_NOT_RELIABLE);
				synchronized (this.queue) {
					this.draining = false;
				}
				return;
			}
		}
	}

	private void closeQuietly(CloseStatus status) {
		try {
			getDelegate().close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Closing WebSocket session {} failed", getId(), ex);
		}
	}

}
