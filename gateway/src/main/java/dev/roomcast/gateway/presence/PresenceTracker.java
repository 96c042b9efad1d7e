package dev.roomcast.gateway.presence;

import java.security.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.roomcast.events.PresenceChanged;
import dev.roomcast.events.PresenceChanged.Status;
import dev.roomcast.events.Topics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * This instance's part of presence: which users have sockets here and when each socket
 * last sent a frame (heart-beats aside). A user's view here is ONLINE while one of their
 * sockets sent a frame within {@link PresenceProperties#idleAfter()}, AWAY while sockets
 * are open but idle, OFFLINE without sockets; {@link PresenceStore} combines the views of
 * all instances, and a change of the combined status is published to
 * {@link Topics#USER_PRESENCE}. Every {@link PresenceProperties#heartbeatInterval()} the
 * instance renews its heart-beat, re-checks idle users and takes back the views of dead
 * instances. Redis and Kafka are only used on this class's own thread: a frame's thread
 * only notes the time.
 */
@Component
class PresenceTracker implements ChannelInterceptor, SmartInitializingSingleton, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(PresenceTracker.class);

	private final String instanceId = UUID.randomUUID().toString();

	private final PresenceStore store;

	private final KafkaTemplate<String, PresenceChanged> kafka;

	private final PresenceProperties properties;

	/** userId → the user's sockets on this instance. */
	private final Map<String, LocalUser> users = new ConcurrentHashMap<>();

	private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "presence");
		thread.setDaemon(true);
		return thread;
	});

	PresenceTracker(PresenceStore store, KafkaTemplate<String, PresenceChanged> presenceKafkaTemplate,
			PresenceProperties properties) {
		this.store = store;
		this.kafka = presenceKafkaTemplate;
		this.properties = properties;
	}

	@Override
	public void afterSingletonsInstantiated() {
		long interval = this.properties.heartbeatInterval().toMillis();
		this.worker.scheduleWithFixedDelay(this::tick, 0, interval, TimeUnit.MILLISECONDS);
	}

	@EventListener
	void connected(SessionConnectedEvent event) {
		Principal user = event.getUser();
		String sessionId = SimpMessageHeaderAccessor.getSessionId(event.getMessage().getHeaders());
		if (user == null || sessionId == null) {
			return;
		}
		long now = System.nanoTime();
		this.users.compute(user.getName(), (id, local) -> {
			LocalUser sockets = (local != null) ? local : new LocalUser();
			sockets.sessions.put(sessionId, now);
			return sockets;
		});
		refreshLater(user.getName());
	}

	@EventListener
	void disconnected(SessionDisconnectEvent event) {
		Principal user = event.getUser();
		if (user == null) {
			return;
		}
		LocalUser local = this.users.get(user.getName());
		if (local != null && local.sessions.remove(event.getSessionId()) != null) {
			refreshLater(user.getName());
		}
	}

	/** Notes the activity of every client frame but heart-beats. */
	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
		if (type == SimpMessageType.HEARTBEAT || type == SimpMessageType.DISCONNECT) {
			return message;
		}
		Principal user = SimpMessageHeaderAccessor.getUser(message.getHeaders());
		String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
		LocalUser local = (user != null) ? this.users.get(user.getName()) : null;
		if (local != null && sessionId != null && local.sessions.replace(sessionId, System.nanoTime()) != null
				&& local.written == Status.AWAY) {
			refreshLater(user.getName());
		}
		return message;
	}

	/** What this instance holds of a user now, for tests and metrics. */
	Status localView(String userId) {
		LocalUser local = this.users.get(userId);
		return (local != null) ? local.view(System.nanoTime(), this.properties.idleAfter().toNanos()) : Status.OFFLINE;
	}

	String instanceId() {
		return this.instanceId;
	}

	@Override
	public void destroy() throws InterruptedException {
		this.worker.shutdown();
		this.worker.awaitTermination(5, TimeUnit.SECONDS);
		// a graceful stop: this instance's users go offline now, not after the heart-beat
		// expires
		try {
			release(this.instanceId);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not remove this instance's presence views", ex);
		}
	}

	private void tick() {
		try {
			if (!this.store.heartbeat(this.instanceId, this.properties.heartbeatTtl())) {
				// taken for dead by another instance, or a new Redis: write every view
				// again
				this.users.values().forEach((local) -> local.written = null);
			}
			this.users.keySet().forEach(this::refresh);
			for (String dead : this.store.deadInstances()) {
				if (!dead.equals(this.instanceId)) {
					logger.info("Gateway instance {} stopped its heart-beat; its users' presence is removed", dead);
					release(dead);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Presence heart-beat failed; trying again in {}", this.properties.heartbeatInterval(), ex);
		}
	}

	/** Removes every view of an instance (this one when stopping, or a dead one). */
	private void release(String instance) {
		for (String userId : this.store.usersOf(instance)) {
			publish(userId, this.store.write(instance, userId, Status.OFFLINE));
		}
		this.store.forget(instance);
	}

	private void refreshLater(String userId) {
		try {
			this.worker.execute(() -> refresh(userId));
		}
		catch (RejectedExecutionException ex) {
			// stopping: destroy() removes every view of this instance
		}
	}

	/** On the worker: writes this instance's view of a user if it changed. */
	private void refresh(String userId) {
		LocalUser local = this.users.get(userId);
		Status view = (local != null) ? local.view(System.nanoTime(), this.properties.idleAfter().toNanos())
				: Status.OFFLINE;
		if (local != null && view == local.written) {
			return;
		}
		try {
			publish(userId, this.store.write(this.instanceId, userId, view));
			if (local != null) {
				local.written = view;
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not write the presence of user {}; trying again at the next heart-beat", userId, ex);
			return;
		}
		if (view == Status.OFFLINE) {
			this.users.computeIfPresent(userId, (id, sockets) -> sockets.sessions.isEmpty() ? null : sockets);
		}
	}

	private void publish(String userId, @Nullable Status changed) {
		if (changed == null) {
			return;
		}
		PresenceChanged event = new PresenceChanged(PresenceChanged.SCHEMA_VERSION, UUID.randomUUID().toString(),
				Instant.now(), userId, changed);
		this.kafka.send(Topics.USER_PRESENCE, userId, event).whenComplete((result, ex) -> {
			if (ex != null) {
				logger.warn("Could not publish the presence of user {}", userId, ex);
			}
		});
	}

	/** The sockets of one user on this instance. */
	private static final class LocalUser {

		/** sessionId → when it last sent a frame (nanoTime). */
		final Map<String, Long> sessions = new ConcurrentHashMap<>();

		/** The view last written to Redis; only the worker writes it. */
		volatile @Nullable Status written;

		Status view(long now, long idleNanos) {
			if (this.sessions.isEmpty()) {
				return Status.OFFLINE;
			}
			boolean active = this.sessions.values().stream().anyMatch((last) -> now - last < idleNanos);
			return active ? Status.ONLINE : Status.AWAY;
		}

	}

}
