package dev.roomcast.gateway.websocket;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

/**
 * The open WebSocket sessions of this gateway instance, how many each user has, and the
 * threads that drain their outbound queues and close them.
 */
@Component
public class ClientSessions implements WebSocketHandlerDecoratorFactory, DisposableBean {

	/**
	 * Heap per connection the derived connection limit allows for: an idle session with 2
	 * KB buffers takes about 29 KiB (docs/decisions.md); the rest is for its traffic.
	 */
	static final long HEAP_PER_CONNECTION = 36 * 1024;

	/**
	 * Heap the derived connection limit keeps for everything but connections: the
	 * application itself, and traffic.
	 */
	static final long HEAP_RESERVED = 128L * 1024 * 1024;

	/** The derived connection limit's floor, however small the heap. */
	static final int MIN_CONNECTIONS = 100;

	private final Map<String, QueuedWebSocketSession> sessions = new ConcurrentHashMap<>();

	private final Map<String, Integer> perUser = new ConcurrentHashMap<>();

	private final ExecutorService writers;

	private final ExecutorService closers;

	private final WebSocketProperties properties;

	private final int maxConnections;

	private final OutboundBacklog backlog;

	private final QueuedWebSocketSession.Limits limits;

	private final Map<QueuedWebSocketSession.Overflow, Counter> overflows = new EnumMap<>(
			QueuedWebSocketSession.Overflow.class);

	private final MeterRegistry registry;

	ClientSessions(WebSocketProperties properties, MeterRegistry registry) {
		this.properties = properties;
		this.registry = registry;
		this.maxConnections = (properties.maxConnections() > 0) ? properties.maxConnections()
				: derivedMaxConnections(Runtime.getRuntime().maxMemory());
		this.writers = Executors.newFixedThreadPool(properties.writerThreads(), daemons("ws-writer-"));
		this.closers = Executors.newFixedThreadPool(properties.writerThreads(), daemons("ws-closer-"));
		this.backlog = new OutboundBacklog(properties.outboundBacklogLimit().toBytes());
		this.limits = new QueuedWebSocketSession.Limits(properties.outboundQueueLimit(),
				properties.sendBufferSizeLimit().toBytes(), properties.slowClientWait(), this.backlog,
				(int) properties.bufferSize().toBytes());
		// registered up front: dashboards and alerts read them before the first close
		for (QueuedWebSocketSession.Overflow overflow : QueuedWebSocketSession.Overflow.values()) {
			this.overflows.put(overflow,
					Counter.builder("roomcast.websocket.overflow.closes")
						.description("WebSocket sessions closed because their outbound queue was full: the client read "
								+ "too slowly (slow-client), or the gateway's backlog was full (backlog-full)")
						.tag("reason", overflow.name().toLowerCase(Locale.ROOT).replace('_', '-'))
						.register(registry));
		}
		Gauge.builder("roomcast.websocket.sessions", this.sessions, Map::size)
			.description("Open WebSocket sessions on this gateway instance")
			.register(registry);
		Gauge.builder("roomcast.websocket.sessions.limit", this, (sessions) -> sessions.maxConnections)
			.description("The most WebSocket sessions this gateway instance accepts")
			.register(registry);
		Gauge.builder("roomcast.websocket.queued.frames", this, ClientSessions::queuedFrames)
			.description("Frames waiting in the outbound queues of all sessions")
			.register(registry);
		Gauge.builder("roomcast.websocket.queued.chars", this.backlog, OutboundBacklog::chars)
			.description("Characters waiting in the outbound queues of all sessions")
			.register(registry);
	}

	static int derivedMaxConnections(long maxHeap) {
		long connections = Math.max(0, maxHeap - HEAP_RESERVED) / HEAP_PER_CONNECTION;
		return (int) Math.max(MIN_CONNECTIONS, Math.min(Integer.MAX_VALUE, connections));
	}

	@Override
	public WebSocketHandler decorate(WebSocketHandler handler) {
		return new QueuedWritesHandler(handler, this, this.properties);
	}

	/**
	 * How many WebSocket sessions are open.
	 * @return the count
	 */
	public int count() {
		return this.sessions.size();
	}

	/**
	 * The most WebSocket sessions this instance accepts.
	 * @return the limit
	 */
	public int maxConnections() {
		return this.maxConnections;
	}

	/**
	 * How many WebSocket sessions a user has open on this instance.
	 * @param userId the user
	 * @return the count
	 */
	public int count(String userId) {
		return this.perUser.getOrDefault(userId, 0);
	}

	/**
	 * Queues a frame for an open session; a writer thread sends it.
	 * @param sessionId the session id
	 * @param frame the frame
	 * @return {@code false} when the session is no longer open
	 */
	public boolean send(String sessionId, TextMessage frame) {
		QueuedWebSocketSession session = this.sessions.get(sessionId);
		if (session == null) {
			return false;
		}
		session.enqueue(frame);
		return true;
	}

	/**
	 * Records an established session.
	 * @return {@code false} when its user already has as many sessions as allowed (it is
	 * recorded all the same, and must be closed)
	 */
	boolean add(QueuedWebSocketSession session, @Nullable String userId) {
		this.sessions.put(session.getId(), session);
		if (userId == null) {
			return true;
		}
		int count = this.perUser.merge(userId, 1, Integer::sum);
		return count <= this.properties.maxConnectionsPerUser();
	}

	@Nullable QueuedWebSocketSession remove(String sessionId, @Nullable String userId) {
		QueuedWebSocketSession session = this.sessions.remove(sessionId);
		if (session != null && userId != null) {
			this.perUser.computeIfPresent(userId, (id, count) -> (count > 1) ? count - 1 : null);
		}
		return session;
	}

	@Nullable QueuedWebSocketSession get(String sessionId) {
		return this.sessions.get(sessionId);
	}

	Collection<QueuedWebSocketSession> all() {
		return this.sessions.values();
	}

	ExecutorService writers() {
		return this.writers;
	}

	ExecutorService closers() {
		return this.closers;
	}

	QueuedWebSocketSession.Limits limits() {
		return this.limits;
	}

	/**
	 * Counts a session closed for what was queued for it, in
	 * {@code roomcast.websocket.overflow.closes{reason}}.
	 * @param overflow why
	 */
	void overflowed(QueuedWebSocketSession.Overflow overflow) {
		this.overflows.get(overflow).increment();
	}

	/**
	 * Counts a refusal in {@code roomcast.websocket.refused{reason}}.
	 * @param reason why
	 */
	void refused(String reason) {
		Counter.builder("roomcast.websocket.refused")
			.description("WebSocket connections refused or closed by a limit")
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	private double queuedFrames() {
		return this.sessions.values().stream().mapToInt(QueuedWebSocketSession::queued).sum();
	}

	@Override
	public void destroy() {
		this.writers.shutdownNow();
		this.closers.shutdownNow();
	}

	private static java.util.concurrent.ThreadFactory daemons(String prefix) {
		AtomicInteger threads = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
