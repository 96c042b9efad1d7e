package dev.roomcast.persistence.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.roomcast.persistence.message.MessageRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs replays one at a time on their own thread (a replay reads the whole log: two at
 * once would only halve each other's speed), keeps their progress and the reports of the
 * last {@code roomcast.audit.kept-replays} in memory.
 */
@Component
class Replays implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(Replays.class);

	private final KafkaProperties kafka;

	private final StoreView store;

	private final SigningKey key;

	private final AuditProperties properties;

	private final AuditTrail trail;

	private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(10), (runnable) -> {
				Thread thread = new Thread(runnable, "audit-replay");
				thread.setDaemon(true);
				return thread;
			});

	private final Map<String, Replay> replays = new LinkedHashMap<>();

	Replays(KafkaProperties kafka, MongoTemplate mongo, MessageRepository messages, SigningKey key,
			AuditProperties properties, AuditTrail trail) {
		this.kafka = kafka;
		this.store = new MongoStoreView(mongo, messages::collectionName);
		this.key = key;
		this.properties = properties;
		this.trail = trail;
	}

	/**
	 * Queues a replay.
	 * @param request what to replay
	 * @param auditorId who asked
	 * @return its id
	 * @throws RejectedExecutionException when too many replays are queued
	 */
	String start(ReplayRequest request, String auditorId) {
		Replay replay = new Replay(UUID.randomUUID().toString(), request,
				new LogReplay(this.kafka.buildConsumerProperties(), this.store, this.key.key(),
						request.allRooms() ? null : request.roomId(), request.fromTime(), request.toTime(),
						this.properties.compareWindow()));
		synchronized (this.replays) {
			this.executor.execute(() -> run(replay, auditorId));
			this.replays.put(replay.id, replay);
			List<String> finished = new ArrayList<>();
			this.replays.forEach((id, kept) -> {
				if (kept.finishedAt != null) {
					finished.add(id);
				}
			});
			for (int i = 0; i < finished.size() - this.properties.keptReplays(); i++) {
				this.replays.remove(finished.get(i));
			}
		}
		return replay.id;
	}

	private void run(Replay replay, String auditorId) {
		replay.startedAt = Instant.now();
		try {
			replay.report = replay.engine.run();
			this.trail.record(auditorId, "REPLAY_FINISHED", Map.of("replayId", replay.id, "valid",
					replay.report.valid(), "eventsRead", replay.report.eventsRead(), "counts", replay.report.counts()));
		}
		catch (RuntimeException ex) {
			logger.warn("Replay {} failed", replay.id, ex);
			replay.error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			this.trail.record(auditorId, "REPLAY_FAILED", Map.of("replayId", replay.id, "error", replay.error));
		}
		finally {
			replay.finishedAt = Instant.now();
		}
	}

	/**
	 * A replay's progress, and its report once done.
	 * @param replayId the id
	 * @return the progress, or {@code null} for an unknown id
	 */
	ReplayProgress progress(String replayId) {
		Replay replay;
		synchronized (this.replays) {
			replay = this.replays.get(replayId);
		}
		return (replay != null) ? replay.progress() : null;
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	/** One replay and what it has done so far. */
	private static final class Replay {

		final String id;

		final ReplayRequest request;

		final LogReplay engine;

		volatile Instant startedAt;

		volatile Instant finishedAt;

		volatile ReplayReport report;

		volatile String error;

		Replay(String id, ReplayRequest request, LogReplay engine) {
			this.id = id;
			this.request = request;
			this.engine = engine;
		}

		ReplayProgress progress() {
			Instant finished = this.finishedAt;
			Instant started = this.startedAt;
			String state = (finished != null) ? ((this.error != null) ? "FAILED" : "DONE")
					: (started != null) ? "RUNNING" : "QUEUED";
			long read = this.engine.eventsRead();
			long total = this.engine.eventsTotal();
			double seconds = (started != null)
					? Math.max(1, Duration.between(started, (finished != null) ? finished : Instant.now()).toMillis())
							/ 1000.0
					: 0;
			long perSecond = (seconds > 0) ? Math.round(read / seconds) : 0;
			double percent = (finished != null && this.error == null) ? 100.0
					: (total > 0) ? Math.min(99.9, Math.floor(1000.0 * read / total) / 10.0) : 0.0;
			return new ReplayProgress(this.id, state, this.request.allRooms() ? null : this.request.roomId(),
					this.request.allRooms(), read, (total >= 0) ? total : null, perSecond, percent, started, finished,
					this.error, this.report);
		}

	}

}
