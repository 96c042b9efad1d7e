package dev.roomcast.gateway.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
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
 *
 * <p>
 * A queue over its limits is the client's fault only when the client does not take what
 * is written: a write to it has waited longer than the stall time. Otherwise the gateway
 * itself is behind (a burst, a cold JIT), and the frame is queued all the same as long as
 * the gateway-wide {@link OutboundBacklog} has room; beyond that the client is closed as
 * {@link #OVERLOADED}, to reconnect later.
 *
 * <p>
 * With the container's session at hand, frames are written with its non-blocking sends
 * ({@link AsyncWrites}): a writer thread hands a frame to the socket and goes on to other
 * sessions; the next frame of this session follows when the socket took the last one, on
 * whichever thread learns of it. A client that stops reading therefore holds no thread,
 * only its queue, and a write it does not take within the send time limit fails and
 * closes it. Closing may block on such a client (the close frame is written blocking), so
 * closes run on their own threads, never on the writers.
 *
 * <p>
 * The text frames queued behind the one being written leave with it as one WebSocket
 * message, up to a number of characters (STOMP frames end with their NUL, so a message
 * may carry several): a client that fell behind, or a burst, costs one write, one
 * completion and one hand-off between threads for several frames instead of each.
 */
class QueuedWebSocketSession extends WebSocketSessionDecorator {

	static final CloseStatus TOO_SLOW = CloseStatus.POLICY_VIOLATION.withReason("Client too slow: outbound queue full");

	static final CloseStatus OVERLOADED = CloseStatus.SERVICE_OVERLOAD
		.withReason("Server too busy: outbound queues full, reconnect later");

	/** Why a client was closed for what was queued for it. */
	enum Overflow {

		/** It did not take a write within the stall time. */
		SLOW_CLIENT,

		/** It reads, but the gateway's backlog is full. */
		BACKLOG_FULL

	}

	private static final Logger logger = LoggerFactory.getLogger(QueuedWebSocketSession.class);

	/** No asynchronous write in flight, or the last one failed. */
	private static final int IDLE = 0;

	/** The drain loop handed a frame to the socket and waits for it to be taken. */
	private static final int SENDING = 1;

	/** The drain loop returned; the send's completion continues draining. */
	private static final int RETURNED = 2;

	/** The send completed before the drain loop returned: it goes on with the next. */
	private static final int COMPLETED = 3;

	private final Executor writers;

	private final Executor closers;

	private final @Nullable AsyncWrites async;

	private final Limits limits;

	private final Consumer<Overflow> onOverflow;

	private final Queue<WebSocketMessage<?>> queue = new ArrayDeque<>();

	private final AtomicInteger sendState = new AtomicInteger();

	private final Completion sent = this::sent;

	private long queuedBytes;

	/** When the write in progress began ({@link System#nanoTime}), 0 when none is. */
	private volatile long writingSince;

	private boolean draining;

	private boolean closed;

	private CloseStatus pendingClose;

	private volatile boolean active;

	QueuedWebSocketSession(WebSocketSession delegate, Executor writers, Limits limits, Consumer<Overflow> onOverflow) {
		this(delegate, writers, writers, null, limits, onOverflow);
	}

	/**
	 * A session that writes text and binary frames asynchronously.
	 * @param delegate the session
	 * @param writers the threads that drain queues
	 * @param closers the threads that close sessions
	 * @param async the container's non-blocking sends of the session, {@code null} to
	 * write blocking through the delegate
	 * @param limits what may be queued
	 * @param onOverflow called when the client is closed for what was queued for it
	 */
	QueuedWebSocketSession(WebSocketSession delegate, Executor writers, Executor closers, @Nullable AsyncWrites async,
			Limits limits, Consumer<Overflow> onOverflow) {
		super(delegate);
		this.writers = writers;
		this.closers = closers;
		this.async = async;
		this.limits = limits;
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
		Overflow overflow = null;
		int size = size(message);
		synchronized (this.queue) {
			if (this.closed) {
				return;
			}
			if (this.queue.size() >= this.limits.frames() || this.queuedBytes + size > this.limits.chars()) {
				overflow = overflow(size);
			}
			if (overflow != null) {
				this.closed = true;
				clearQueue();
			}
			else {
				this.queue.add(message);
				this.queuedBytes += size;
				this.limits.backlog().add(size);
				if (!this.draining) {
					this.draining = true;
					startDrain = true;
				}
			}
		}
		if (overflow != null) {
			this.onOverflow.accept(overflow);
			CloseStatus status = (overflow == Overflow.SLOW_CLIENT) ? TOO_SLOW : OVERLOADED;
			this.closers.execute(() -> closeQuietly(status));
		}
		else if (startDrain) {
			this.writers.execute(this::drain);
		}
	}

	/**
	 * Why a queue over its own limits cannot take one more frame, or {@code null} when it
	 * may: the client takes its writes and the gateway's backlog has room.
	 */
	private @Nullable Overflow overflow(int size) {
		if (writeWaitedLongerThan(this.limits.stall())) {
			return Overflow.SLOW_CLIENT;
		}
		return this.limits.backlog().wouldExceed(size) ? Overflow.BACKLOG_FULL : null;
	}

	/** Whether a write to the client is in progress and began longer ago than this. */
	private boolean writeWaitedLongerThan(Duration wait) {
		long since = this.writingSince;
		return since != 0 && System.nanoTime() - since > wait.toNanos();
	}

	/** Empties the queue; called holding its lock. */
	private void clearQueue() {
		this.queue.clear();
		this.limits.backlog().remove(this.queuedBytes);
		this.queuedBytes = 0;
	}

	/**
	 * Closes after the frames already queued are written (a STOMP ERROR frame must reach
	 * the client before the close), on a closer thread.
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
		this.closers.execute(() -> closeQuietly(status));
	}

	@Override
	public void close() throws IOException {
		close(CloseStatus.NORMAL);
	}

	/** Notes that the client sent a frame other than a heart-beat. */
	void markActive() {
		if (!this.active) {
			this.active = true;
		}
	}

	/**
	 * Whether the client sent a frame other than a heart-beat since the last call.
	 * @return whether it was active
	 */
	boolean takeActive() {
		if (!this.active) {
			return false;
		}
		this.active = false;
		return true;
	}

	int queued() {
		synchronized (this.queue) {
			return this.queue.size();
		}
	}

	/**
	 * Whether the connection may be dropped for having moved nothing for the send time
	 * limit: a write to it has waited longer than that limit, or it is being closed (its
	 * close frame waits). Otherwise the client is only quiet, which it may be for as long
	 * as it likes. A write that has only just begun does not count: the container's idle
	 * check and the next heart-beat both come whole periods after the last write, so they
	 * often fall on the same instant, and a quiet client would be dropped for it.
	 * @param limit the send time limit, the container's idle timeout
	 * @return whether the connection's idle timeout should close it
	 */
	boolean mayTimeOut(Duration limit) {
		if (writeWaitedLongerThan(limit)) {
			return true;
		}
		synchronized (this.queue) {
			return this.closed;
		}
	}

	void discard() {
		synchronized (this.queue) {
			this.closed = true;
			clearQueue();
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
				next = takeNext();
				if (next == null) {
					this.draining = false;
					if (this.pendingClose != null) {
						CloseStatus status = this.pendingClose;
						this.pendingClose = null;
						this.closers.execute(() -> closeQuietly(status));
					}
					return;
				}
			}
			this.writingSince = System.nanoTime() | 1;
			if (this.async != null && (next instanceof TextMessage || next instanceof BinaryMessage)) {
				this.sendState.set(SENDING);
				try {
					if (next instanceof TextMessage text) {
						this.async.sendText(text.getPayload(), this.sent);
					}
					else {
						this.async.sendBinary(((BinaryMessage) next).getPayload(), this.sent);
					}
				}
				catch (RuntimeException ex) {
					failed(ex);
					return;
				}
				if (this.sendState.compareAndSet(SENDING, RETURNED)) {
					// not taken yet: sent() goes on once it is
					return;
				}
				if (this.sendState.get() != COMPLETED) {
					return;
				}
			}
			else {
				try {
					getDelegate().sendMessage(next);
					this.writingSince = 0;
				}
				catch (IOException | RuntimeException ex) {
					failed(ex);
					return;
				}
			}
		}
	}

	/**
	 * The next frame, joined with the text frames queued behind it into one message of at
	 * most {@link Limits#joinChars()} characters; called holding the queue's lock.
	 */
	private @Nullable WebSocketMessage<?> takeNext() {
		WebSocketMessage<?> first = this.queue.poll();
		if (first == null) {
			return null;
		}
		int chars = release(first);
		if (!(first instanceof TextMessage text) || !text.isLast()) {
			return first;
		}
		StringBuilder joined = null;
		while (this.queue.peek() instanceof TextMessage next && next.isLast()
				&& chars + next.getPayload().length() <= this.limits.joinChars()) {
			this.queue.poll();
			chars += release(next);
			if (joined == null) {
				joined = new StringBuilder(this.limits.joinChars()).append(text.getPayload());
			}
			joined.append(next.getPayload());
		}
		return (joined != null) ? new TextMessage(joined) : first;
	}

	/** Takes a frame off the queue's counts; called holding the queue's lock. */
	private int release(WebSocketMessage<?> message) {
		int size = size(message);
		this.queuedBytes -= size;
		this.limits.backlog().remove(size);
		return size;
	}

	/** The container's answer to one asynchronous write. */
	private void sent(@Nullable Throwable failure) {
		this.writingSince = 0;
		if (failure != null) {
			this.sendState.set(IDLE);
			failed(failure);
			return;
		}
		if (!this.sendState.compareAndSet(SENDING, COMPLETED)) {
			// the drain loop has returned: continue on a writer thread
			this.writers.execute(this::drain);
		}
	}

	private void failed(@Nullable Throwable ex) {
		logger.debug("Write to WebSocket session {} failed, closing it", getId(), ex);
		discard();
		synchronized (this.queue) {
			this.draining = false;
			this.pendingClose = null;
		}
		this.closers.execute(() -> closeQuietly(CloseStatus.SESSION_NOT_RELIABLE));
	}

	private void closeQuietly(CloseStatus status) {
		try {
			getDelegate().close(status);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Closing WebSocket session {} failed", getId(), ex);
		}
	}

	/** A session's non-blocking sends, as its container offers them. */
	interface AsyncWrites {

		/**
		 * Starts writing a whole text message.
		 * @param text the message
		 * @param done called once the socket took it, or the write failed
		 */
		void sendText(String text, Completion done);

		/**
		 * Starts writing a whole binary message.
		 * @param data the message
		 * @param done called once the socket took it, or the write failed
		 */
		void sendBinary(ByteBuffer data, Completion done);

	}

	/** The end of one non-blocking write. */
	@FunctionalInterface
	interface Completion {

		/**
		 * The write ended.
		 * @param failure why it failed, {@code null} when the socket took it
		 */
		void completed(@Nullable Throwable failure);

	}

	/**
	 * What one session may queue.
	 *
	 * @param frames the most frames queued for the client before it must be taking them
	 * @param chars the most characters queued for it before it must be taking them
	 * @param stall how long a write may wait for the client before a queue over those
	 * limits closes it as too slow
	 * @param backlog what all clients' queues hold together, and may hold at most
	 * @param joinChars the most characters of queued text frames written as one WebSocket
	 * message (0 for one frame per message)
	 */
	record Limits(int frames, long chars, Duration stall, OutboundBacklog backlog, int joinChars) {

	}

}
