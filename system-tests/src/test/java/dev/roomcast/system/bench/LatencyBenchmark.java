package dev.roomcast.system.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.http.HttpProbe;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * End-to-end latency and throughput of the whole system on this machine: every server and
 * service as its own process, this driver as browsers. Each room has {@code subscribers}
 * members, each with its own WebSocket session subscribed to the room; one member per
 * room sends. Latency is from the client's SEND to each subscriber's MESSAGE, so it
 * includes both WebSocket hops, the gateway, Kafka twice and chat-service's ordering. The
 * sessions use {@link LeanStompClient}, which costs the shared cores little per message.
 *
 * <p>
 * Arguments: {@code rate} (messages/s in total, default 2000), {@code rooms} (10),
 * {@code subscribers} per room (5), {@code seconds} measured (30), {@code warmup} seconds
 * (10). Sending goes on without a pause from the warm-up into the measured window, and
 * every service's metrics are scraped every 15 s throughout, as a Prometheus server
 * would. Run it with {@code ./benchmark.sh}.
 */
public final class LatencyBenchmark {

	private static final int SCRAPE_INTERVAL_SECONDS = 15;

	private final int rate;

	private final int rooms;

	private final int subscribers;

	private final ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);

	/** SEND to RECEIPT: the gateway's checks and the produce to Kafka (acks=all). */
	private final ConcurrentHistogram receiptLatency = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);

	/** Deliveries of messages sent in the measured window. */
	private final AtomicLong delivered = new AtomicLong();

	private final AtomicLong warmupDelivered = new AtomicLong();

	private volatile boolean measuring;

	/** Latencies by second of the measured window: where in time the tail is. */
	private final List<Histogram> perSecond = new ArrayList<>();

	private volatile long measuringSince;

	private volatile long lastDeliveryAt;

	private final AtomicLong sendFailures = new AtomicLong();

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

	private void run(int seconds, int warmup) throws Exception {
		System.out.println("Starting Kafka, Redis, the MongoDB-compatible store and the four services...");
		RoomcastSystem system = RoomcastSystem.shared();
		String gateway = system.gatewayUrl();
		System.out.printf("Setting up %d rooms of %d members...%n", this.rooms, this.subscribers);
		List<LeanStompClient> senders = new ArrayList<>();
		List<String> roomIds = new ArrayList<>();
		List<LeanStompClient> sessions = new ArrayList<>();
		// the WebSocket listeners run on the client's selector thread, not on a pool: one
		// thread hop less per delivery on the shared cores
		HttpClient http = HttpClient.newBuilder().executor(Runnable::run).build();
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
				LeanStompClient session = LeanStompClient.connect(http, gateway, member, this::received,
						this::receiptReceived);
				session.joinRoom(roomId);
				sessions.add(session);
			}
			senders.add(sessions.get(sessions.size() - this.subscribers));
		}
		System.out.printf("Sending %d messages/s into %d rooms (%d deliveries/s): %d s warm-up, %d s measured%n",
				this.rate, this.rooms, this.rate * this.subscribers, warmup, seconds);
		// like a Prometheus server, every service is scraped all along: the scrapes are
		// compiled during the warm-up and their cost is part of the measured window; they
		// start half an interval in, so that none falls on the edges of a window of whole
		// quarter-minutes (60 + 30 s: scrapes at 67 and 82 s)
		ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
		scraper.scheduleAtFixedRate(() -> scrapeAll(system), SCRAPE_INTERVAL_SECONDS / 2, SCRAPE_INTERVAL_SECONDS,
				TimeUnit.SECONDS);
		AtomicLong sent = new AtomicLong();
		// sending never pauses: the measured window is the steady state the warm-up led
		// to, not a restart after a pause (which had JIT compilations of its own)
		ScheduledExecutorService ticker = startSending(senders, roomIds, sent);
		ticker.schedule(() -> null, Math.max(0, warmup - 1), TimeUnit.SECONDS).get();
		// read a second before the measured window, so that reading them (a scrape of the
		// gateway) is not in it; they cover that second too
		GatewayTimer gatewayBefore = GatewayTimer.read(system);
		CpuUse cpu = CpuUse.start();
		ticker.schedule(() -> null, 1, TimeUnit.SECONDS).get();
		long start = System.nanoTime();
		this.measuringSince = start;
		this.measuring = true;
		// read after the window opened: every message counted from here was sent in it
		long sentBefore = sent.get();
		System.out.printf("Warm-up: %d messages, %d of %d deliveries arrived so far; measuring%n", sentBefore,
				this.warmupDelivered.get(), sentBefore * this.subscribers);
		ticker.schedule(ticker::shutdown, seconds, TimeUnit.SECONDS);
		ticker.awaitTermination(seconds + 10L, TimeUnit.SECONDS);
		long elapsed = System.nanoTime() - start;
		String cpuUse = cpu.report();
		scraper.shutdown();
		long sentDuring = sent.get() - sentBefore;
		long expected = sentDuring * this.subscribers;
		awaitDeliveries(expected, Duration.ofSeconds(60));
		long lastDelivery = this.lastDeliveryAt - start;
		this.measuring = false;
		GatewayTimer gatewayAfter = GatewayTimer.read(system);
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
		System.out.printf("delivered   %.0f deliveries/s (%d of %d expected; the last %.1f s after the first send)%n",
				this.delivered.get() / (Math.max(elapsed, lastDelivery) / 1e9), this.delivered.get(), expected,
				lastDelivery / 1e9);
		System.out.printf("send failures %d, sessions still connected %d of %d%n", this.sendFailures.get(),
				sessions.stream().filter(LeanStompClient::isOpen).count(), sessions.size());
		System.out.printf("latency ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", ms(snapshot, 50),
				ms(snapshot, 90), ms(snapshot, 99), ms(snapshot, 99.9), snapshot.getMaxValue() / 1000.0);
		printPerSecond();
		Histogram receipts = this.receiptLatency.copy();
		System.out.printf(
				"of which SEND to RECEIPT (stored in Kafka): p50 %.2f  p99 %.2f  p99.9 %.2f ms (%d receipts)%n",
				ms(receipts, 50), ms(receipts, 99), ms(receipts, 99.9), receipts.getTotalCount());
		System.out.println("gateway's own timer (receive to hand-off to the subscriber's queue): "
				+ gatewayAfter.since(gatewayBefore));
		System.out.println("CPU while sending, % of one core: " + cpuUse);
		sessions.forEach(LeanStompClient::close);
	}

	/**
	 * Sends at the rate, one room after the other, until the returned ticker is shut
	 * down.
	 */
	private ScheduledExecutorService startSending(List<LeanStompClient> senders, List<String> roomIds,
			AtomicLong sent) {
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
		long tickMicros = 5_000;
		double perTick = this.rate * tickMicros / 1_000_000.0;
		double[] owed = { 0 };
		ticker.scheduleAtFixedRate(() -> {
			owed[0] += perTick;
			while (owed[0] >= 1) {
				owed[0] -= 1;
				int room = (int) (sent.getAndIncrement() % this.rooms);
				try {
					senders.get(room).send(roomIds.get(room), UUID.randomUUID().toString(), System.nanoTime());
				}
				catch (RuntimeException ex) {
					if (this.sendFailures.getAndIncrement() == 0) {
						ex.printStackTrace();
					}
				}
			}
		}, 0, tickMicros, TimeUnit.MICROSECONDS);
		// shutting down cancels the periodic send; a send in progress completes
		return ticker;
	}

	/** What a Prometheus server does every interval: reads every service's metrics. */
	private static void scrapeAll(RoomcastSystem system) {
		for (RoomcastService service : RoomcastService.values()) {
			try {
				HttpProbe.get(system.managementPort(service), "/actuator/prometheus");
			}
			catch (RuntimeException ex) {
				// a missed scrape is not the benchmark's business
			}
		}
	}

	/** Waits until so many deliveries arrived; what is still missing then is reported. */
	private void awaitDeliveries(long count, Duration timeout) {
		try {
			await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> this.delivered.get() >= count);
		}
		catch (ConditionTimeoutException ex) {
			// the report prints how many deliveries are missing
		}
	}

	/**
	 * The gateway's delivery latency timer ({@code roomcast_delivery_latency_seconds}):
	 * count, sum and cumulative histogram buckets, in seconds.
	 */
	private record GatewayTimer(double count, double sum, NavigableMap<Double, Double> buckets) {

		private static final String NAME = "roomcast_delivery_latency_seconds";

		static GatewayTimer read(RoomcastSystem system) {
			double[] countAndSum = new double[2];
			NavigableMap<Double, Double> buckets = new TreeMap<>();
			HttpProbe.get(system.managementPort(RoomcastService.GATEWAY), "/actuator/prometheus")
				.body()
				.lines()
				.forEach((line) -> {
					double value = (line.startsWith(NAME))
							? Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) : 0;
					if (line.startsWith(NAME + "_count{")) {
						countAndSum[0] = value;
					}
					else if (line.startsWith(NAME + "_sum{")) {
						countAndSum[1] = value;
					}
					else if (line.startsWith(NAME + "_bucket{") && !line.contains("le=\"+Inf\"")) {
						int le = line.indexOf("le=\"") + 4;
						buckets.put(Double.parseDouble(line.substring(le, line.indexOf('"', le))), value);
					}
				});
			return new GatewayTimer(countAndSum[0], countAndSum[1], buckets);
		}

		/** Mean, p50 and p99 of what was recorded since the earlier reading. */
		String since(GatewayTimer before) {
			double deliveries = this.count - before.count;
			if (deliveries <= 0) {
				return "nothing recorded";
			}
			return "mean %.2f ms, p50 <= %.1f ms, p99 <= %.1f ms (histogram bucket bounds)".formatted(
					1000 * (this.sum - before.sum) / deliveries, 1000 * bound(before, deliveries * 0.5),
					1000 * bound(before, deliveries * 0.99));
		}

		private double bound(GatewayTimer before, double rank) {
			for (Map.Entry<Double, Double> bucket : this.buckets.entrySet()) {
				if (bucket.getValue() - before.buckets.getOrDefault(bucket.getKey(), 0.0) >= rank) {
					return bucket.getKey();
				}
			}
			return Double.POSITIVE_INFINITY;
		}

	}

	/** A delivery of a message sent at that time (the driver's clock). */
	private void received(long sentNanos) {
		long now = System.nanoTime();
		if (isMeasured(sentNanos)) {
			long micros = Math.max(0, (now - sentNanos) / 1000);
			this.latency.recordValue(micros);
			recordPerSecond((int) ((now - this.measuringSince) / 1_000_000_000L), micros);
			this.lastDeliveryAt = now;
			this.delivered.incrementAndGet();
		}
		else {
			this.warmupDelivered.incrementAndGet();
		}
	}

	private void receiptReceived(long sentNanos) {
		if (isMeasured(sentNanos)) {
			this.receiptLatency.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1000));
		}
	}

	/** Whether a message sent at that time belongs to the measured window. */
	private boolean isMeasured(long sentNanos) {
		return this.measuring && sentNanos - this.measuringSince >= 0;
	}

	private void recordPerSecond(int second, long micros) {
		synchronized (this.perSecond) {
			while (this.perSecond.size() <= second) {
				this.perSecond.add(new Histogram(TimeUnit.SECONDS.toMicros(60), 2));
			}
			this.perSecond.get(second).recordValue(micros);
		}
	}

	/**
	 * The p99 of each measured second with deliveries: its median, the best and the worst
	 * second (numbered from the start of the measured window).
	 */
	private void printPerSecond() {
		List<Double> p99s = new ArrayList<>();
		StringBuilder inOrder = new StringBuilder();
		int worstSecond = 0;
		double worst = -1;
		synchronized (this.perSecond) {
			for (int second = 0; second < this.perSecond.size(); second++) {
				Histogram histogram = this.perSecond.get(second);
				if (histogram.getTotalCount() > 0) {
					double p99 = ms(histogram, 99);
					p99s.add(p99);
					inOrder.append(' ').append(Math.round(p99));
					if (p99 > worst) {
						worst = p99;
						worstSecond = second + 1;
					}
				}
			}
		}
		if (p99s.isEmpty()) {
			return;
		}
		p99s.sort(null);
		System.out.printf("p99 of each second: median %.2f, best %.2f, worst %.2f ms (second %d of %d)%n",
				p99s.get(p99s.size() / 2), p99s.get(0), worst, worstSecond, this.perSecond.size());
		System.out.println("p99 of each second in order, ms:" + inOrder);
	}

	private static double ms(Histogram histogram, double percentile) {
		return histogram.getValueAtPercentile(percentile) / 1000.0;
	}

	private static int intArg(String[] args, int index, int fallback) {
		return (args.length > index) ? Integer.parseInt(args[index]) : fallback;
	}

}
