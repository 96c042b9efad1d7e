package dev.roomcast.gateway.websocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

/**
 * The open WebSocket sessions of this gateway instance and the writer threads that drain
 * their outbound queues.
 */
@Component
public class ClientSessions implements WebSocketHandlerDecoratorFactory, DisposableBean {

	private final Map<String, QueuedWebSocketSession> sessions = new ConcurrentHashMap<>();

	private final ExecutorService writers;

	private final WebSocketProperties properties;

	private final Counter overflows;

	ClientSessions(WebSocketProperties properties, MeterRegistry registry) {
		this.properties = properties;
		AtomicInteger threads = new AtomicInteger();
		this.writers = Executors.newFixedThreadPool(properties.writerThreads(), (task) -> {
			Thread thread = new Thread(task, "ws-writer-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.overflows = Counter.builder("roomcast.websocket.overflow.closes")
			.description("WebSocket sessions closed because the client read too slowly")
			.register(registry);
		Gauge.builder("roomcast.websocket.sessions", this.sessions, Map::size)
			.description("Open WebSocket sessions on this gateway instance")
			.register(registry);
		Gauge.builder("roomcast.websocket.queued.frames", this, ClientSessions::queuedFrames)
			.description("Frames waiting in the outbound queues of all sessions")
			.register(registry);
	}

	@Override
	public WebSocketHandler decorate(WebSocketHandler handler) {
		return new QueuedWritesHandler(handler, this.sessions, this.writers, this.properties,
				this.overflows::increment);
	}

	/**
	 * How many WebSocket sessions are open.
	 * @return the count
	 */
	public int count() {
		return this.sessions.size();
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

	private double queuedFrames() {
		return this.sessions.values().stream().mapToInt(QueuedWebSocketSession::queued).sum();
	}

	@Override
	public void destroy() {
		this.writers.shutdownNow();
	}

}
