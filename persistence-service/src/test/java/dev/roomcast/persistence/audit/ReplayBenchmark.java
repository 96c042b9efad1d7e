package dev.roomcast.persistence.audit;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import dev.roomcast.testsupport.servers.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays and verifies a long log: produces {@code events} chained room events over
 * {@code rooms} rooms into a fresh local broker's {@code chat.room-events}, then runs
 * {@link LogReplay} over them (chain check only: the store comparison is MongoDB's speed,
 * not the replay's) and prints events/s, the CPU time it took (the machine is shared: CPU
 * per event varies less than events/s) and the peak heap. Not a test: run it from the
 * repository root with {@code ./benchmark.sh replay events=1000000 rooms=100}.
 *
 * <p>
 * Options besides {@code events} and {@code rooms}: {@code runs=N} replays the log N
 * times; {@code hold=true} keeps the broker running after the runs until the input ends;
 * {@code bootstrap=HOST:PORT produce=false} replays a log another run holds, so that two
 * builds (two classpaths) can be compared on the same log in turn.
 */
public final class ReplayBenchmark {

	private ReplayBenchmark() {
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = new HashMap<>(
				Map.of("events", "1000000", "rooms", "100", "runs", "1", "produce", "true", "hold", "false"));
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			options.put(pair[0], pair[1]);
		}
		int events = Integer.parseInt(options.get("events"));
		int rooms = Integer.parseInt(options.get("rooms"));
		String bootstrap = options.containsKey("bootstrap") ? options.get("bootstrap")
				: TestInfrastructure.shared().kafkaBootstrapServers();
		if (Boolean.parseBoolean(options.get("produce"))) {
			produce(bootstrap, events, rooms);
		}
		for (int run = 0; run < Integer.parseInt(options.get("runs")); run++) {
			replay(bootstrap);
		}
		if (Boolean.parseBoolean(options.get("hold"))) {
			System.out.printf("broker at bootstrap=%s; press Enter (or end the input) to stop it%n", bootstrap);
			System.in.read();
		}
		System.exit(0);
	}

	private static void replay(String bootstrap) {
		System.gc();
		resetPeaks();
		LogReplay replay = new LogReplay(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), StoreView.NONE,
				null, null, null, null, 500);
		long cpuBefore = cpuNanos();
		long gcBefore = gcMillis();
		long start = System.nanoTime();
		ReplayReport report = replay.run();
		double seconds = (System.nanoTime() - start) / 1e9;
		double cpuSeconds = (cpuNanos() - cpuBefore) / 1e9;
		double gcSeconds = (gcMillis() - gcBefore) / 1e3;
		System.out.printf(
				"replayed %,d events of %d rooms in %.2f s: %,.0f events/s, CPU %.2f s (%,.0f events per CPU-second),"
						+ " GC %.2f s, valid=%s, peak heap %,d MiB, %d cores%n",
				report.eventsRead(), report.roomsChecked(), seconds, report.eventsRead() / seconds, cpuSeconds,
				report.eventsRead() / cpuSeconds, gcSeconds, report.valid(), peakHeap() / (1024 * 1024),
				Runtime.getRuntime().availableProcessors());
	}

	private static void produce(String bootstrap, int events, int rooms) {
		EventSerde<RoomEvent> serde = EventSerde.of(RoomEvent.class);
		String[] roomIds = new String[rooms];
		String[] hashes = new String[rooms];
		for (int i = 0; i < rooms; i++) {
			roomIds[i] = "bench-" + UUID.randomUUID();
			hashes[i] = HashChain.GENESIS;
		}
		Instant sentAt = Instant.parse("2026-11-30T12:00:00.123456Z");
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
						ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
				new StringSerializer(), new ByteArraySerializer())) {
			for (int i = 0; i < events; i++) {
				int room = i % rooms;
				long seq = i / rooms + 1;
				RoomEvent unhashed = new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), sentAt,
						RoomEvent.Type.MESSAGE, roomIds[room], seq, UUID.randomUUID().toString(), "u-ada", "Ada",
						"benchmark message number " + i, sentAt, hashes[room], null);
				String hash = HashChain.hash(hashes[room], unhashed);
				RoomEvent event = new RoomEvent(unhashed.schemaVersion(), unhashed.eventId(), unhashed.occurredAt(),
						unhashed.type(), unhashed.roomId(), seq, unhashed.messageId(), unhashed.senderId(),
						unhashed.senderName(), unhashed.text(), sentAt, hashes[room], hash);
				hashes[room] = hash;
				producer.send(new ProducerRecord<>(Topics.CHAT_ROOM_EVENTS, roomIds[room],
						serde.serialize(Topics.CHAT_ROOM_EVENTS, event)));
			}
		}
	}

	/** The CPU time of this process (the broker runs in its own). */
	private static long cpuNanos() {
		return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
	}

	/** The time the collectors took so far. */
	private static long gcMillis() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong(GarbageCollectorMXBean::getCollectionTime)
			.sum();
	}

	private static void resetPeaks() {
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			pool.resetPeakUsage();
		}
	}

	private static long peakHeap() {
		long peak = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				peak += pool.getPeakUsage().getUsed();
			}
		}
		return peak;
	}

}
