package dev.roomcast.system.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.roomcast.infra.HttpProbe;
import dev.roomcast.infra.RoomcastService;
import dev.roomcast.system.support.ApiClient;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.system.support.StompChat;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency and throughput of the whole system on this machine: every server and
 * service as its own process, this driver as browsers. Each room has {@code subscribers}
 * members, each with its own WebSocket session subscribed to the room; one member per
 * room sends. Latency is from the client's SEND to each subscriber's MESSAGE, so it
 * includes both WebSocket hops, the gateway, Kafka twice, and chat-service's exactly-once
 * commit.
 *
 * <p>
 * Arguments: {@code rate} (messages/s in total, default 2000), {@code rooms} (10),
 * {@code subscribers} per room (5), {@code seconds} measured (30), {@code warmup} seconds
 * (10). Run it with {@code ./benchmark.sh}.
 */
public final class LatencyBenchmark {

	private final int rate;

	private final int rooms;

	private final int subscribers;

	private final Map<String, Long> sentAt = new ConcurrentHashMap<>();

	private final ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);

	private final AtomicLong delivered = new AtomicLong();

	private volatile boolean measuring;

	private LatencyBenchmark(int rate, int rooms, int subscribers) {
		this.rate = rate;
		this.rooms = rooms;
		this.subscribers = subscribers;
	}

	public static void main(String[] args) throws Exception {
		int rate = intArg(args, 0, 2000);
		int rooms = intArg(args, 1, 10);
		int subscribers = intArg(args, 2, 5);
		int seconds = intArg(args, 3, 30);
		int warmup = intArg(args, 4, 10);
		System.setProperty("roomcast.system.send-rate-limit", Integer.toString(rate));
		new LatencyBenchmark(rate, rooms, subscribers).run(seconds, warmup);
		System.exit(0);
	}

	private void run(int seconds, int warmup) throws InterruptedException {
		System.out.println("Starting Kafka, Redis, the MongoDB-compatible store and the four services...");
		RoomcastSystem system = RoomcastSystem.shared();
		String gateway = system.gatewayUrl();
		System.out.printf("Setting up %d rooms of %d members...%n", this.rooms, this.subscribers);
		List<StompChat> senders = new ArrayList<>();
		List<String> roomIds = new ArrayList<>();
		List<StompChat> sessions = new ArrayList<>();
		for (int r = 0; r < this.rooms; r++) {
			List<ApiClient> members = new ArrayList<>();
			List<String> memberIds = new ArrayList<>();
			for (int s = 0; s < this.subscribers; s++) {
				ApiClient member = new ApiClient(gateway);
				memberIds.add(member.signupNew("bench").get("id").asString());
				members.add(member);
			}
			ApiClient owner = members.get(0);
			for (ApiClient member : members.subList(1, members.size())) {
				owner.befriend(member);
			}
			String roomId = owner.createGroup("bench " + r, memberIds.subList(1, memberIds.size()))
				.get("id")
				.asString();
			roomIds.add(roomId);
			for (ApiClient member : members) {
				StompChat session = StompChat.connect(gateway, member);
				session.onMessage((room, message) -> received(message.get("messageId").asString()));
				if (!session.joinRoom(roomId)) {
					throw new IllegalStateException("Subscription to " + roomId + " was not acknowledged");
				}
				sessions.add(session);
			}
			senders.add(sessions.get(sessions.size() - this.subscribers));
		}
		System.out.printf("Sending %d messages/s into %d rooms (%d deliveries/s): %d s warm-up, %d s measured%n",
				this.rate, this.rooms, this.rate * this.subscribers, warmup, seconds);
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
		long tickMicros = 5_000;
		double perTick = this.rate * tickMicros / 1_000_000.0;
		AtomicLong sent = new AtomicLong();
		double[] owed = { 0 };
		ticker.scheduleAtFixedRate(() -> {
			owed[0] += perTick;
			while (owed[0] >= 1) {
				owed[0] -= 1;
				int room = (int) (sent.getAndIncrement() % this.rooms);
				String messageId = UUID.randomUUID().toString();
				this.sentAt.put(messageId, System.nanoTime());
				senders.get(room).send(roomIds.get(room), messageId, "benchmark message " + messageId);
			}
		}, 0, tickMicros, TimeUnit.MICROSECONDS);
		TimeUnit.SECONDS.sleep(warmup);
		this.latency.reset();
		this.delivered.set(0);
		long sentBefore = sent.get();
		this.measuring = true;
		long start = System.nanoTime();
		TimeUnit.SECONDS.sleep(seconds);
		this.measuring = false;
		long elapsed = System.nanoTime() - start;
		long sentDuring = sent.get() - sentBefore;
		ticker.shutdownNow();
		Histogram snapshot = this.latency.copy();
		double secondsElapsed = elapsed / 1e9;
		System.out.println();
		System.out.println("=== Roomcast end-to-end benchmark ===");
		System.out.printf("machine: %d cores, %s %s; every server and service on this machine%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
				System.getProperty("java.version"));
		System.out.printf("rooms %d x subscribers %d, target %d msgs/s (%d deliveries/s), %d s measured%n", this.rooms,
				this.subscribers, this.rate, this.rate * this.subscribers, seconds);
		System.out.printf("sent        %.0f msgs/s%n", sentDuring / secondsElapsed);
		System.out.printf("delivered   %.0f deliveries/s (%d of %d expected)%n", this.delivered.get() / secondsElapsed,
				this.delivered.get(), sentDuring * this.subscribers);
		System.out.printf("latency ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", ms(snapshot, 50),
				ms(snapshot, 90), ms(snapshot, 99), ms(snapshot, 99.9), snapshot.getMaxValue() / 1000.0);
		String metrics = HttpProbe.get(system.port(RoomcastService.GATEWAY), "/actuator/prometheus").body();
		metrics.lines()
			.filter((line) -> line.startsWith("roomcast_delivery_latency_seconds{")
					&& (line.contains("quantile=\"0.5\"") || line.contains("quantile=\"0.99\"")))
			.forEach((line) -> System.out.println("gateway metric: " + line));
		sessions.forEach(StompChat::close);
	}

	private void received(String messageId) {
		Long sent = this.sentAt.get(messageId);
		if (sent != null && this.measuring) {
			this.latency.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
			this.delivered.incrementAndGet();
		}
	}

	private static double ms(Histogram histogram, double percentile) {
		return histogram.getValueAtPercentile(percentile) / 1000.0;
	}

	private static int intArg(String[] args, int index, int fallback) {
		return (args.length > index) ? Integer.parseInt(args[index]) : fallback;
	}

}
