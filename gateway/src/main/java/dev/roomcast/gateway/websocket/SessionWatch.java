package dev.roomcast.gateway.websocket;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * Ties each socket to the HTTP session it was opened with. Every
 * {@link WebSocketProperties#sessionCheckInterval()} it asks Redis, in one pipeline,
 * which of those sessions still exist, and closes the sockets of a session that was
 * deleted (logout) or expired (close code 1008, reason {@value #ENDED_REASON}); the other
 * sessions of the same user are not touched. A socket the client uses (any frame but a
 * heart-beat) renews its session's idle timeout, at most every
 * {@link WebSocketProperties#sessionTouchInterval()}, so an active socket keeps its
 * session alive as requests would. Spring Session's default Redis repository publishes no
 * session events, hence the check.
 */
@Component
class SessionWatch implements SmartInitializingSingleton, DisposableBean {

	static final String ENDED_REASON = "Session ended";

	static final CloseStatus ENDED = CloseStatus.POLICY_VIOLATION.withReason(ENDED_REASON);

	private static final Logger logger = LoggerFactory.getLogger(SessionWatch.class);

	private final ClientSessions clients;

	private final SessionRepository<? extends Session> repository;

	private final StringRedisTemplate redis;

	private final WebSocketProperties properties;

	private final String keyPrefix;

	private final Counter closes;

	/** HTTP session id → when it was last renewed (nanoTime). */
	private final Map<String, Long> touched = new HashMap<>();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "ws-session-watch");
		thread.setDaemon(true);
		return thread;
	});

	SessionWatch(ClientSessions clients, SessionRepository<? extends Session> repository, StringRedisTemplate redis,
			WebSocketProperties properties,
			@Value("${spring.session.data.redis.namespace:spring:session}") String namespace, MeterRegistry registry) {
		this.clients = clients;
		this.repository = repository;
		this.redis = redis;
		this.properties = properties;
		// Spring Session's RedisSessionRepository keeps a session in the hash
		// <namespace>:sessions:<id>, expiring when the session does
		this.keyPrefix = namespace + ":sessions:";
		this.closes = Counter.builder("roomcast.websocket.session.ended.closes")
			.description("WebSocket sessions closed because their HTTP session was deleted (logout) or expired")
			.register(registry);
	}

	@Override
	public void afterSingletonsInstantiated() {
		long interval = this.properties.sessionCheckInterval().toMillis();
		this.scheduler.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

	void check() {
		try {
			checkNow();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not check the HTTP sessions of the open WebSocket sessions; trying again", ex);
		}
	}

	private void checkNow() {
		Map<String, List<QueuedWebSocketSession>> byHttpSession = new HashMap<>();
		for (QueuedWebSocketSession socket : this.clients.all()) {
			Object id = socket.getAttributes().get(SessionUserHandshakeInterceptor.HTTP_SESSION_ID_ATTRIBUTE);
			if (id instanceof String httpSessionId) {
				byHttpSession.computeIfAbsent(httpSessionId, (key) -> new ArrayList<>()).add(socket);
			}
		}
		long now = System.nanoTime();
		this.touched.keySet().retainAll(byHttpSession.keySet());
		List<String> ids = new ArrayList<>(byHttpSession.keySet());
		if (ids.isEmpty()) {
			return;
		}
		List<Object> exists = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
			exists(connection, ids);
			return null;
		});
		for (int i = 0; i < ids.size(); i++) {
			String id = ids.get(i);
			if (!isTrue(exists.get(i))) {
				end(id, byHttpSession.get(id));
			}
			else if (dueAndActive(id, byHttpSession.get(id), now)) {
				this.touched.put(id, now);
				if (!touch(this.repository, id)) {
					end(id, byHttpSession.get(id));
				}
			}
		}
	}

	/**
	 * Whether a session is due for renewal and one of its sockets was used since the last
	 * (the handshake renewed it when it is first seen here).
	 */
	private boolean dueAndActive(String httpSessionId, List<QueuedWebSocketSession> sockets, long now) {
		Long last = this.touched.putIfAbsent(httpSessionId, now);
		if (last == null || now - last < this.properties.sessionTouchInterval().toNanos()) {
			return false;
		}
		boolean active = false;
		for (QueuedWebSocketSession socket : sockets) {
			active |= socket.takeActive();
		}
		return active;
	}

	private void exists(RedisConnection connection, List<String> ids) {
		for (String id : ids) {
			connection.keyCommands().exists((this.keyPrefix + id).getBytes(StandardCharsets.UTF_8));
		}
	}

	private void end(String httpSessionId, List<QueuedWebSocketSession> sockets) {
		this.touched.remove(httpSessionId);
		for (QueuedWebSocketSession socket : sockets) {
			logger.debug("Closing WebSocket session {}: its HTTP session ended", socket.getId());
			this.closes.increment();
			try {
				socket.close(ENDED);
			}
			catch (java.io.IOException | RuntimeException ex) {
				logger.debug("Closing WebSocket session {} failed", socket.getId(), ex);
			}
		}
	}

	/**
	 * Renews a session's idle timeout as a request would.
	 * @return {@code false} when the session is gone
	 */
	private static <S extends Session> boolean touch(SessionRepository<S> repository, String id) {
		S session = repository.findById(id);
		if (session == null) {
			return false;
		}
		session.setLastAccessedTime(Instant.now());
		try {
			repository.save(session);
		}
		catch (IllegalStateException ex) {
			// deleted between the read and the write: Spring Session refuses to recreate
			// it
			return false;
		}
		return true;
	}

	private static boolean isTrue(Object exists) {
		return (exists instanceof Boolean bool) ? bool : (exists instanceof Number number && number.longValue() > 0);
	}

}
