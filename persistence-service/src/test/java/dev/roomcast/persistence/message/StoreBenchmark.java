package dev.roomcast.persistence.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.infra.server.MongoStore;
import dev.roomcast.infra.server.Ports;
import dev.roomcast.infra.server.ServerProcess;
import dev.roomcast.testsupport.servers.TestInfrastructure;

import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Measures how fast {@link MessageRepository#storeAll} writes room events into the
 * Mongo-compatible store (mongo-java-server with its H2 backend, as its own process, as
 * the application uses it), and the CPU it costs the store process and this client. Not a
 * test: run it by hand from the repository root after
 * {@code ./mvnw -q -pl persistence-service test-compile}:
 *
 * <pre>
 * ./mvnw -q -pl persistence-service exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.roomcast.persistence.message.StoreBenchmark \
 *     -Dexec.args="events=30000 batch=500 rooms=10"
 * </pre>
 *
 * Arguments ({@code name=value}): {@code events} measured, {@code warmup} events before
 * them, {@code batch} events per {@code storeAll} (as the listener gets a poll),
 * {@code rooms} the events are spread over, {@code rate} events/s to pace at (0: as fast
 * as it goes), {@code mode} {@code repository} (the code as it is) or {@code upsert} (the
 * former bulk of {@code $setOnInsert} upserts, for comparison), {@code storeClasses} a
 * class folder put ahead of infra's in the store process (an older
 * {@code MongoStoreMain}, for comparison). After the measured events, the last
 * {@code 10 × batch} are stored again, as a redelivery.
 */
public final class StoreBenchmark {

	private static final String DATABASE = "roomcast-messages";

	private StoreBenchmark() {
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = options(args);
		int events = Integer.parseInt(options.getOrDefault("events", "30000"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "10000"));
		int batch = Integer.parseInt(options.getOrDefault("batch", "500"));
		int rooms = Integer.parseInt(options.getOrDefault("rooms", "10"));
		int rate = Integer.parseInt(options.getOrDefault("rate", "0"));
		String mode = options.getOrDefault("mode", "repository");
		Path dataDir = Files.createTempDirectory("store-benchmark-");
		int port = Ports.free();
		ServerProcess store = options.containsKey("storeClasses")
				? otherStore(options.get("storeClasses"), dataDir, port) : MongoStore.startOrReuse(dataDir, port);
		try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
			MongoTemplate mongo = new MongoTemplate(client, DATABASE);
			MessageRepository repository = new MessageRepository(mongo);
			Writer writer = switch (mode) {
				case "repository" -> repository::storeAll;
				case "upsert" -> (batchOfEvents) -> upsertAll(mongo, batchOfEvents);
				default -> throw new IllegalArgumentException("Unknown mode " + mode);
			};
			Feed feed = new Feed(rooms);
			run(writer, feed, warmup, batch, 0, store, "warm-up");
			Result fresh = run(writer, feed, events, batch, rate, store, "new events");
			Result replayed = run(writer, feed.replayOf(batch * 10), batch * 10, batch, 0, store, "redelivered");
			System.out.printf(Locale.ROOT, "%nmode=%s batch=%d rooms=%d rate=%s store=%s%n", mode, batch, rooms,
					(rate > 0) ? rate + "/s" : "max", options.getOrDefault("storeClasses", "infra"));
			System.out.println(fresh);
			System.out.println(replayed);
			long stored = mongo.getCollection(MessageDocument.COLLECTION).countDocuments();
			System.out.printf(Locale.ROOT, "documents in the store: %d (expected %d)%n", stored, warmup + events);
		}
		finally {
			store.close();
			TestInfrastructure.deleteRecursively(dataDir);
		}
	}

	private static Result run(Writer writer, Feed feed, int count, int batch, int rate, ServerProcess store,
			String name) {
		long storeCpuBefore = cpuNanos(store.pid());
		long clientCpuBefore = cpuNanos(ProcessHandle.current().pid());
		long start = System.nanoTime();
		int written = 0;
		int created = 0;
		while (written < count) {
			List<RoomEvent> events = feed.next(Math.min(batch, count - written));
			created += writer.storeAll(events);
			written += events.size();
			if (rate > 0) {
				long due = start + TimeUnit.SECONDS.toNanos(written) / rate;
				while (System.nanoTime() < due) {
					LockSupport.parkNanos(due - System.nanoTime());
				}
			}
		}
		long elapsed = System.nanoTime() - start;
		return new Result(name, written, created, elapsed, cpuNanos(store.pid()) - storeCpuBefore,
				cpuNanos(ProcessHandle.current().pid()) - clientCpuBefore);
	}

	/** The former write: one UNORDERED bulk of {@code $setOnInsert} upserts. */
	private static int upsertAll(MongoTemplate mongo, List<RoomEvent> events) {
		BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, MessageDocument.class);
		for (RoomEvent event : events) {
			bulk.upsert(Query.query(Criteria.where("roomId").is(event.roomId()).and("seq").is(event.seq())),
					new Update().setOnInsert("eventId", event.eventId())
						.setOnInsert("type", event.type().name())
						.setOnInsert("messageId", event.messageId())
						.setOnInsert("senderId", event.senderId())
						.setOnInsert("senderName", event.senderName())
						.setOnInsert("text", event.text())
						.setOnInsert("sentAt", event.sentAt().toString())
						.setOnInsert("occurredAt", event.occurredAt())
						.setOnInsert("prevHash", event.prevHash())
						.setOnInsert("hash", event.hash()));
		}
		return bulk.execute().getUpserts().size();
	}

	private static long cpuNanos(long pid) {
		return ProcessHandle.of(pid)
			.flatMap((process) -> process.info().totalCpuDuration())
			.map(Duration::toNanos)
			.orElseThrow(() -> new IllegalStateException("No CPU time for pid " + pid));
	}

	/**
	 * The store started as {@link MongoStore} does, with other classes (such as an older
	 * {@code MongoStoreMain}) ahead of infra's.
	 */
	private static ServerProcess otherStore(String classes, Path dataDir, int port) {
		Path infra = Path.of(Files.isDirectory(Path.of("infra")) ? "infra/target" : "../infra/target").toAbsolutePath();
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms64m",
				"-Xmx512m", "-XX:+UseG1GC", "-cp",
				String.join(":", classes, infra + "/classes", infra + "/server-libs/*", infra + "/launcher-libs/*"),
				"dev.roomcast.infra.server.MongoStoreMain", Integer.toString(port),
				dataDir.resolve("roomcast.mv").toString());
		ServerProcess process = ServerProcess.start("store with " + classes, command, dataDir,
				dataDir.resolve("mongo.log"));
		process.awaitReady(() -> Ports.isAnswering(port), Duration.ofSeconds(30));
		return process;
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new java.util.HashMap<>();
		for (String arg : args) {
			for (String pair : arg.trim().split("\\s+")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					options.put(pair.substring(0, equals), pair.substring(equals + 1));
				}
			}
		}
		return options;
	}

	@FunctionalInterface
	private interface Writer {

		int storeAll(List<RoomEvent> events);

	}

	/** Chained events, round-robin over the rooms, as chat-service would publish them. */
	private static class Feed {

		private final String[] rooms;

		private final long[] seqs;

		private final String[] hashes;

		private final List<RoomEvent> sent = new ArrayList<>();

		private int next;

		Feed(int rooms) {
			this.rooms = new String[rooms];
			this.seqs = new long[rooms];
			this.hashes = new String[rooms];
			for (int i = 0; i < rooms; i++) {
				this.rooms[i] = "room-" + UUID.randomUUID();
				this.hashes[i] = HashChain.GENESIS;
			}
		}

		List<RoomEvent> next(int count) {
			List<RoomEvent> events = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				int room = this.next++ % this.rooms.length;
				long seq = ++this.seqs[room];
				Instant now = Instant.now();
				RoomEvent unhashed = new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), now,
						RoomEvent.Type.MESSAGE, this.rooms[room], seq, UUID.randomUUID().toString(), "u-" + (seq % 5),
						"User " + (seq % 5), "message " + seq + " of a benchmark, about as long as a chat line", now,
						this.hashes[room], null);
				String hash = HashChain.hash(this.hashes[room], unhashed);
				RoomEvent event = new RoomEvent(unhashed.schemaVersion(), unhashed.eventId(), unhashed.occurredAt(),
						unhashed.type(), unhashed.roomId(), seq, unhashed.messageId(), unhashed.senderId(),
						unhashed.senderName(), unhashed.text(), unhashed.sentAt(), this.hashes[room], hash);
				this.hashes[room] = hash;
				events.add(event);
			}
			this.sent.addAll(events);
			return events;
		}

		/** A feed that hands out the last {@code count} events again, as a redelivery. */
		Feed replayOf(int count) {
			List<RoomEvent> last = new ArrayList<>(this.sent.subList(this.sent.size() - count, this.sent.size()));
			return new Feed(1) {

				private int position;

				@Override
				List<RoomEvent> next(int size) {
					List<RoomEvent> events = last.subList(this.position, this.position + size);
					this.position += size;
					return events;
				}

			};
		}

	}

	private record Result(String name, int events, int created, long elapsedNanos, long storeCpuNanos,
			long clientCpuNanos) {

		@Override
		public String toString() {
			double seconds = this.elapsedNanos / 1e9;
			return String.format(Locale.ROOT,
					"%-12s %7d events (%d new) in %6.2f s = %8.0f events/s | CPU store %6.2f s (%4.0f %% of a core, "
							+ "%5.1f ms/1000 events) | client %6.2f s (%4.0f %%, %5.1f ms/1000 events)",
					this.name, this.events, this.created, seconds, this.events / seconds, this.storeCpuNanos / 1e9,
					100.0 * this.storeCpuNanos / this.elapsedNanos, this.storeCpuNanos / 1e6 / this.events * 1000,
					this.clientCpuNanos / 1e9, 100.0 * this.clientCpuNanos / this.elapsedNanos,
					this.clientCpuNanos / 1e6 / this.events * 1000);
		}

	}

}
