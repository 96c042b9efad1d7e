package dev.roomcast.persistence.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import dev.roomcast.persistence.message.MessageRepository;
import dev.roomcast.persistence.message.ProjectionCollections;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the MongoDB projection from the log into a fresh collection, then swaps it in.
 *
 * <p>
 * Only events that continue their room's chain (seq and hash) are written, so a forged
 * record of the log never reaches history. Progress (the log offsets per partition up to
 * which the fresh collection is written) is saved in the rebuild's document in
 * {@code audit_rebuilds} after every batch; at start-up a rebuild left {@code RUNNING} (a
 * {@code kill -9}) resumes from there, and the idempotent inserts write nothing twice.
 * The swap is resumable too: its {@code phase} ({@code SWAPPING}, then {@code SWAPPED})
 * is saved before and after it, so a resumed rebuild neither copies a half-dropped
 * collection back nor takes the new collection for the previous one. While it runs the
 * live projection writes to the fresh collection as well ({@link ProjectionCollections}),
 * so events arriving meanwhile are in it when it is swapped in. A rebuild of all rooms
 * swaps by the active-collection pointer (the old collection is kept, named in the
 * rebuild's document, for the operator to drop); a rebuild of one room copies the room's
 * rebuilt documents over the active collection's and deletes the room's documents the log
 * does not hold.
 */
@Component
class Rebuilds implements DisposableBean {

	static final String COLLECTION = "audit_rebuilds";

	private static final Logger logger = LoggerFactory.getLogger(Rebuilds.class);

	private static final EventSerde<RoomEvent> EVENTS = EventSerde.of(RoomEvent.class);

	/** Writing the log into the target (no {@code phase} saved yet). */
	private static final String PHASE_COPYING = "COPYING";

	/** The target is complete; swapping it in (repeatable). */
	private static final String PHASE_SWAPPING = "SWAPPING";

	/** Swapped in; only the clean-up is left. */
	private static final String PHASE_SWAPPED = "SWAPPED";

	private final KafkaProperties kafka;

	private final MongoTemplate mongo;

	private final MessageRepository messages;

	private final ProjectionCollections collections;

	private final AuditTrail trail;

	private final AuditProperties.Rebuild settings;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "audit-rebuild");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean stopping;

	Rebuilds(KafkaProperties kafka, MongoTemplate mongo, MessageRepository messages, ProjectionCollections collections,
			AuditTrail trail, AuditProperties properties) {
		this.kafka = kafka;
		this.settings = properties.rebuild();
		this.mongo = mongo;
		this.messages = messages;
		this.collections = collections;
		this.trail = trail;
	}

	private MongoCollection<Document> rebuilds() {
		return this.mongo.getCollection(COLLECTION);
	}

	/** Resumes a rebuild that a crash interrupted. */
	@EventListener(ApplicationReadyEvent.class)
	void resume() {
		Document running = rebuilds().find(Filters.eq("status", "RUNNING")).first();
		if (running != null) {
			String id = running.getString("_id");
			logger.info("Resuming rebuild {} from its saved offsets", id);
			this.trail.record(running.getString("auditorId"), "REBUILD_RESUMED", Map.of("rebuildId", id, "eventsRead",
					running.get("eventsRead", 0L), "phase", running.get("phase", PHASE_COPYING)));
			this.executor.execute(() -> run(id));
		}
	}

	/**
	 * Starts a rebuild, or answers the running one when it has the same scope.
	 * @param roomId the room, or {@code null} for all
	 * @param auditorId who asked
	 * @return the rebuild's id
	 * @throws IllegalStateException when a rebuild of another scope runs
	 */
	synchronized String start(String roomId, String auditorId) {
		Document running = rebuilds().find(Filters.eq("status", "RUNNING")).first();
		if (running != null) {
			if (Objects.equals(running.getString("roomId"), roomId)) {
				return running.getString("_id");
			}
			throw new IllegalStateException("Rebuild " + running.getString("_id") + " is running; one at a time");
		}
		String id = UUID.randomUUID().toString();
		String target = "messages_rebuild_" + id.replace("-", "");
		rebuilds().insertOne(new Document("_id", id).append("status", "RUNNING")
			.append("roomId", roomId)
			.append("target", target)
			.append("previousCollection", (roomId != null) ? null : this.collections.active())
			.append("auditorId", auditorId)
			.append("offsets", new Document())
			.append("eventsWritten", 0L)
			.append("startedAt", Date.from(Instant.now())));
		this.collections.startRebuilding(target, roomId);
		this.executor.execute(() -> run(id));
		return id;
	}

	/**
	 * A rebuild's state.
	 * @param id the rebuild
	 * @return its document without internals, or {@code null}
	 */
	Map<String, Object> status(String id) {
		Document document = rebuilds().find(Filters.eq("_id", id)).first();
		if (document == null) {
			return null;
		}
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("rebuildId", id);
		status.put("status", document.getString("status"));
		status.put("roomId", document.getString("roomId"));
		status.put("all", document.getString("roomId") == null);
		status.put("eventsRead", document.get("eventsRead", 0L));
		status.put("eventsWritten", document.get("eventsWritten", 0L));
		status.put("eventsSkipped", document.get("eventsSkipped", 0L));
		status.put("startedAt", document.getDate("startedAt").toInstant());
		if (document.getDate("finishedAt") != null) {
			status.put("finishedAt", document.getDate("finishedAt").toInstant());
		}
		if (document.getString("error") != null) {
			status.put("error", document.getString("error"));
		}
		if (document.getString("previousCollection") != null && "DONE".equals(document.getString("status"))) {
			status.put("previousCollection", document.getString("previousCollection"));
		}
		return status;
	}

	private void run(String id) {
		Document rebuild = rebuilds().find(Filters.eq("_id", id)).first();
		String roomId = rebuild.getString("roomId");
		String target = rebuild.getString("target");
		String phase = rebuild.get("phase", PHASE_COPYING);
		try {
			long[] counts = { rebuild.get("eventsRead", 0L), rebuild.get("eventsWritten", 0L),
					rebuild.get("eventsSkipped", 0L) };
			if (!PHASE_SWAPPED.equals(phase)) {
				// the live projection writes to the target until the swap is over
				this.collections.startRebuilding(target, roomId);
			}
			if (PHASE_COPYING.equals(phase)) {
				copyLog(id, roomId, target, rebuild.get("offsets", Document.class), counts);
				if (this.stopping) {
					return;
				}
				phase = phase(id, PHASE_SWAPPING);
			}
			if (PHASE_SWAPPING.equals(phase)) {
				if (roomId == null) {
					this.collections.activate(target);
				}
				else {
					copyRoomBack(roomId, target);
				}
				phase(id, PHASE_SWAPPED);
			}
			this.collections.stopRebuilding();
			if (roomId != null) {
				this.mongo.getCollection(target).drop();
			}
			rebuilds().updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("status", "DONE"),
					Updates.set("finishedAt", Date.from(Instant.now()))));
			this.trail.record(rebuild.getString("auditorId"), "REBUILD_FINISHED", Map.of("rebuildId", id, "scope",
					(roomId != null) ? roomId : "all", "eventsWritten", counts[1], "eventsSkipped", counts[2]));
		}
		catch (RuntimeException ex) {
			if (this.stopping) {
				return;
			}
			logger.warn("Rebuild {} failed", id, ex);
			if (!PHASE_SWAPPED.equals(phase)) {
				this.collections.stopRebuilding();
			}
			rebuilds().updateOne(Filters.eq("_id", id),
					Updates.combine(Updates.set("status", "FAILED"),
							Updates.set("error", String.valueOf(ex.getMessage())),
							Updates.set("finishedAt", Date.from(Instant.now()))));
			this.trail.record(rebuild.getString("auditorId"), "REBUILD_FAILED",
					Map.of("rebuildId", id, "error", String.valueOf(ex.getMessage())));
		}
	}

	private String phase(String id, String phase) {
		rebuilds().updateOne(Filters.eq("_id", id), Updates.set("phase", phase));
		return phase;
	}

	/**
	 * Writes the log's trusted events into the target, from the saved offsets up to the
	 * end of the log as it is now (later events reach the target through the live
	 * projection), saving the offsets after each batch.
	 */
	private void copyLog(String id, String roomId, String target, Document savedOffsets, long[] counts) {
		Map<String, Object> settings = new HashMap<>(this.kafka.buildConsumerProperties());
		settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, this.settings.batchSize());
		settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		Map<String, String[]> heads = new HashMap<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings)) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHAT_ROOM_EVENTS, Duration.ofSeconds(30))
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
			for (TopicPartition partition : partitions) {
				Object saved = savedOffsets.get(Integer.toString(partition.partition()));
				if (saved instanceof Number offset) {
					consumer.seek(partition, offset.longValue());
				}
				else {
					consumer.seekToBeginning(List.of(partition));
				}
			}
			end.entrySet().removeIf((entry) -> consumer.position(entry.getKey()) >= entry.getValue());
			long started = System.nanoTime();
			long readHere = 0;
			while (!end.isEmpty() && !this.stopping) {
				pace(started, readHere);
				List<RoomEvent> batch = new ArrayList<>();
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					counts[0]++;
					readHere++;
					RoomEvent event = trusted(record, roomId, target, heads);
					if (event != null) {
						batch.add(event);
					}
					else {
						counts[2]++;
					}
				}
				this.messages.storeInto(target, batch);
				counts[1] += batch.size();
				Document offsets = new Document();
				for (TopicPartition partition : partitions) {
					offsets.append(Integer.toString(partition.partition()), consumer.position(partition));
				}
				rebuilds().updateOne(Filters.eq("_id", id),
						Updates.combine(Updates.set("offsets", offsets), Updates.set("eventsRead", counts[0]),
								Updates.set("eventsWritten", counts[1]), Updates.set("eventsSkipped", counts[2])));
				end.entrySet().removeIf((entry) -> consumer.position(entry.getKey()) >= entry.getValue());
			}
		}
	}

	/**
	 * Waits until reading {@code read} records since {@code started} keeps under the
	 * configured rate.
	 */
	private void pace(long started, long read) {
		int rate = this.settings.maxEventsPerSecond();
		if (rate <= 0) {
			return;
		}
		long due = started + read * 1_000_000_000L / rate;
		long wait = due - System.nanoTime();
		if (wait > 0) {
			try {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.stopping = true;
			}
		}
	}

	/**
	 * The event of a record when it continues its room's chain; {@code null} for another
	 * room's, an unreadable or an untrusted one. A room's chain position is taken from
	 * the target on its first event (a resumed rebuild starts mid-chain).
	 */
	private RoomEvent trusted(ConsumerRecord<byte[], byte[]> record, String roomId, String target,
			Map<String, String[]> heads) {
		RoomEvent event;
		try {
			event = EVENTS.deserialize(record.topic(), record.value());
		}
		catch (RuntimeException ex) {
			return null;
		}
		if (event == null || event.roomId() == null || event.type() == null || event.sentAt() == null
				|| event.prevHash() == null || (roomId != null && !roomId.equals(event.roomId()))) {
			return null;
		}
		String[] head = heads.get(event.roomId());
		if (head == null) {
			head = headInTarget(event, target);
			if (head == null) {
				return null;
			}
			heads.put(event.roomId(), head);
		}
		long lastSeq = Long.parseLong(head[0]);
		if (event.seq() != lastSeq + 1 || !head[1].equals(event.prevHash())) {
			return null;
		}
		try {
			if (!HashChain.verifies(event)) {
				return null;
			}
		}
		catch (RuntimeException ex) {
			return null;
		}
		head[0] = Long.toString(event.seq());
		head[1] = event.hash();
		return event;
	}

	/**
	 * Where a room's chain stands in the target before the first of its records this run
	 * reads: the target's event just before it (a resumed rebuild starts mid-chain), else
	 * the genesis. {@code null} when the target already holds another event at the
	 * record's seq: the record repeats a seq the rebuild trusted before it was
	 * interrupted, so it is not trusted, and the chain is looked up again at the room's
	 * next record.
	 */
	private String[] headInTarget(RoomEvent event, String target) {
		MongoCollection<Document> written = this.mongo.getCollection(target);
		Document same = written.find(Filters.and(Filters.eq("roomId", event.roomId()), Filters.eq("seq", event.seq())))
			.first();
		if (same != null && !Objects.equals(same.getString("hash"), event.hash())) {
			return null;
		}
		if (event.seq() > 1) {
			Document previous = written
				.find(Filters.and(Filters.eq("roomId", event.roomId()), Filters.eq("seq", event.seq() - 1)))
				.first();
			if (previous != null) {
				return new String[] { Long.toString(event.seq() - 1), previous.getString("hash") };
			}
		}
		return new String[] { "0", HashChain.GENESIS };
	}

	/**
	 * Makes the active collection hold exactly the room's rebuilt documents: each one
	 * replaces the active one of its seq, then the room's documents the rebuild does not
	 * hold are deleted. The live projection writes to the target before the active
	 * collection, so a document it just wrote is never taken for an extra one.
	 */
	private void copyRoomBack(String roomId, String target) {
		MongoCollection<Document> rebuilt = this.mongo.getCollection(target);
		MongoCollection<Document> active = this.mongo.getCollection(this.collections.active());
		for (Document document : rebuilt.find(Filters.eq("roomId", roomId)).sort(Sorts.ascending("seq"))) {
			document.remove("_id");
			active.replaceOne(Filters.and(Filters.eq("roomId", roomId), Filters.eq("seq", document.get("seq"))),
					document, new ReplaceOptions().upsert(true));
		}
		List<Object> extra = new ArrayList<>();
		for (Document document : active.find(Filters.eq("roomId", roomId))) {
			if (rebuilt.find(Filters.and(Filters.eq("roomId", roomId), Filters.eq("seq", document.get("seq"))))
				.first() == null) {
				extra.add(document.get("_id"));
			}
		}
		if (!extra.isEmpty()) {
			active.deleteMany(Filters.in("_id", extra));
		}
	}

	@Override
	public void destroy() {
		this.stopping = true;
		this.executor.shutdownNow();
	}

}
