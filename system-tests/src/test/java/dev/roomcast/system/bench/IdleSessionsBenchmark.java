package dev.roomcast.system.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.infra.server.InfraPaths;
import dev.roomcast.system.bench.Deliveries.Window;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.http.HttpProbe;

/**
 * Idle sessions on one gateway (issue 17): starts the system, signs up
 * {@code sessions / 20} users (20 is the gateway's limit of sockets per user), puts
 * {@code roomSize} of the sessions in one group room (every user a member, each with as
 * many of its sessions in it as make up {@code roomSize}) and every other session in a
 * room of its user's own, connects them all (each signed in, subscribed to its error
 * queue and to one room, as the web client is), and prints the gateway's memory before
 * and after: RSS as it is, and RSS and heap after a full collection, each per session.
 * Then it sends {@code messages} messages into the big room at {@code rate} per second
 * and prints how long they took to reach every one of its sessions (p50, p99, max), and
 * the CPU each process used meanwhile.
 *
 * <p>
 * Arguments: {@code sessions} (10000), {@code roomSize} (1000), {@code messages} (100),
 * {@code rate} messages/s (10). Run it with {@code ./benchmark.sh idle ...}; the group
 * member limit of account-service is raised to the big room's member count for the run.
 */
public final class IdleSessionsBenchmark {

	/** The gateway's default limit of sockets per user and instance. */
	private static final int SESSIONS_PER_USER = 20;

	private static final int CONNECTING_THREADS = 16;

	private static final int WARM_UP_MESSAGES = 5;

	private static final Pattern HEAP_USED = Pattern
		.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+-]+)");

	private static final Pattern SESSIONS_LIMIT = Pattern
		.compile("(?m)^roomcast_websocket_sessions_limit\\{[^}]*} ([0-9.eE+]+)");

	private final int sessions;

	private final int roomSize;

	private volatile Deliveries deliveries;

	private IdleSessionsBenchmark(int sessions, int roomSize) {
		this.sessions = sessions;
		this.roomSize = roomSize;
	}

	public static void main(String[] args) throws Exception {
		int sessions = Math.max(1, BenchRun.intArg(args, 0, 10_000));
		int roomSize = Math.max(1, Math.min(sessions, BenchRun.intArg(args, 1, 1_000)));
		int messages = Math.max(1, BenchRun.intArg(args, 2, 100));
		int rate = Math.max(1, BenchRun.intArg(args, 3, 10));
		int users = (sessions + SESSIONS_PER_USER - 1) / SESSIONS_PER_USER;
		System.setProperty("roomcast.system.max-room-members", Integer.toString(Math.max(100, users)));
		BenchRun.Started started = BenchRun.startSystem(Math.max(100, rate * 2));
		new IdleSessionsBenchmark(sessions, roomSize).run(started, users, messages, rate);
		System.exit(0);
	}

	private void run(BenchRun.Started started, int users, int messages, int rate) throws Exception {
		RoomcastSystem system = started.system();
		String gateway = system.gatewayUrl();
		long gatewayPid = system.pid(RoomcastService.GATEWAY);
		int managementPort = system.managementPort(RoomcastService.GATEWAY);

		long setUpAt = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(CONNECTING_THREADS);
		List<ApiClient> clients = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		for (int u = 0; u < users; u++) {
			clients.add(new ApiClient(gateway));
		}
		// each user signs up and gets a room of its own
		all(pool, users, (u) -> {
			ApiClient client = clients.get(u);
			client.signupNew("idle");
			return null;
		});
		for (ApiClient client : clients) {
			ids.add(client.userId());
		}
		List<String> homes = all(pool, users,
				(u) -> clients.get(u).createGroup("home " + u, List.of()).get("id").asString());
		ApiClient owner = clients.get(0);
		all(pool, users - 1, (u) -> owner.befriend(clients.get(u + 1)));
		String bigRoom = owner.createGroup("idle big room", ids.subList(1, users)).get("id").asString();
		System.out.printf("Set up %d users, their %d rooms and one room of %d members in %.1f s%n", users, users, users,
				BenchRun.seconds(System.nanoTime() - setUpAt));

		// the CSRF token each user's sessions send, fetched once before they connect side
		// by side
		clients.forEach(ApiClient::cookieHeader);
		Memory before = Memory.read(gatewayPid, managementPort);
		System.out.println("Gateway before connecting: " + before);

		long connectAt = System.nanoTime();
		HttpClient http = HttpClient.newBuilder().executor(Runnable::run).build();
		LeanStompClient.Listener listener = Deliveries.reportingTo(() -> this.deliveries);
		AtomicInteger connected = new AtomicInteger();
		// session s belongs to user s % users: the big room's sessions (the first
		// roomSize) are spread over every user
		List<LeanStompClient> stomps = all(pool, this.sessions, (s) -> {
			int user = s % users;
			LeanStompClient stomp = LeanStompClient.connect(http, gateway, clients.get(user), listener);
			stomp.joinRoom((s < this.roomSize) ? bigRoom : homes.get(user));
			int done = connected.incrementAndGet();
			if (done % 1000 == 0) {
				System.out.printf("  %d sessions connected (%.0f s)%n", done,
						BenchRun.seconds(System.nanoTime() - connectAt));
			}
			return stomp;
		});
		pool.shutdown();
		System.out.printf("Connected %d sessions, %d in the big room, in %.1f s%n", stomps.size(), this.roomSize,
				BenchRun.seconds(System.nanoTime() - connectAt));
		// let the connections' first frames and the handshakes' garbage settle
		TimeUnit.SECONDS.sleep(10);
		Memory after = Memory.read(gatewayPid, managementPort);
		System.out.println("Gateway with the sessions: " + after);
		List<String> histogram = classHistogram(gatewayPid);

		LeanStompClient sender = stomps.get(0);
		for (int i = 0; i < WARM_UP_MESSAGES; i++) {
			sender.send(bigRoom, UUID.randomUUID().toString(), System.nanoTime());
			TimeUnit.MILLISECONDS.sleep(200);
		}
		TimeUnit.SECONDS.sleep(2);
		Deliveries measured = new Deliveries(this.roomSize, System.nanoTime());
		this.deliveries = measured;
		CpuUse cpu = CpuUse.start();
		long interval = TimeUnit.SECONDS.toNanos(1) / rate;
		long next = System.nanoTime();
		for (int i = 0; i < messages; i++) {
			long wait = next - System.nanoTime();
			if (wait > 0) {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			long now = System.nanoTime();
			sender.send(bigRoom, UUID.randomUUID().toString(), now);
			measured.sent(now);
			next += interval;
		}
		BenchRun.awaitUntil(() -> measured.sinceBeginning().missing(this.roomSize) <= 0, Duration.ofSeconds(60));
		CpuUse.Usage usage = cpu.stop();
		Window all = measured.sinceBeginning();

		System.out.println();
		System.out.println("=== Roomcast idle sessions ===");
		System.out.println(BenchRun.machine());
		System.out.println("load average (1, 5, 15 min): " + loadAverage());
		System.out.printf("system ready (every service healthy) %.1f s after its start%n", started.readySeconds());
		System.out.printf(
				"%d sessions of %d users (%d each), each subscribed to one room; %d in one room of %d members%n",
				this.sessions, users, SESSIONS_PER_USER, this.roomSize, users);
		System.out.println("gateway connection limit " + sessionsLimit(managementPort) + ", heap "
				+ gatewayHeapArgument(gatewayPid));
		System.out.println("gateway before: " + before);
		System.out.println("gateway after:  " + after);
		System.out.printf("per session: RSS %.1f KiB; after a full collection RSS %.1f KiB, heap %.1f KiB%n",
				perSession(after.rssKiB() - before.rssKiB()),
				perSession(after.rssAfterGcKiB() - before.rssAfterGcKiB()),
				perSession((after.heapUsedBytes() - before.heapUsedBytes()) / 1024.0));
		System.out.printf(
				"%d messages at %d/s to the room of %d sessions: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f ms; %d of %d deliveries arrived; %d out of order%n",
				all.sent(), rate, this.roomSize, all.ms(50), all.ms(90), all.ms(99),
				all.latency().getMaxValue() / 1000.0, all.delivered(), all.sent() * this.roomSize,
				measured.reordered());
		System.out.printf("sessions still connected %d of %d%n",
				stomps.stream().filter(LeanStompClient::isOpen).count(), stomps.size());
		System.out.println("CPU while sending, % of one core: " + usage.percentOfCore() + "; " + usage.idle());
		System.out.println("the gateway's heap with the sessions, largest classes (jcmd GC.class_histogram):");
		histogram.forEach(System.out::println);
		stomps.forEach(LeanStompClient::close);
	}

	private double perSession(double kib) {
		return kib / this.sessions;
	}

	/** Runs a task for each index on the pool and returns the results in index order. */
	private static <T> List<T> all(ExecutorService pool, int count, Task<T> task) throws Exception {
		List<Future<T>> futures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int index = i;
			futures.add(pool.submit(() -> task.run(index)));
		}
		List<T> results = new ArrayList<>();
		for (Future<T> future : futures) {
			results.add(future.get(5, TimeUnit.MINUTES));
		}
		return results;
	}

	/** The head of the gateway's class histogram: what the sessions' heap is made of. */
	private static List<String> classHistogram(long pid) throws Exception {
		Process histogram = new ProcessBuilder(jcmd(), Long.toString(pid), "GC.class_histogram")
			.redirectErrorStream(true)
			.start();
		List<String> lines = new String(histogram.getInputStream().readAllBytes()).lines().limit(28).toList();
		histogram.waitFor(2, TimeUnit.MINUTES);
		return lines;
	}

	private static String jcmd() {
		return Path.of(InfraPaths.java()).resolveSibling("jcmd").toString();
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + ", " + fields[1] + ", " + fields[2];
		}
		catch (IOException ex) {
			return "?";
		}
	}

	private static String sessionsLimit(int managementPort) {
		Matcher limit = SESSIONS_LIMIT.matcher(HttpProbe.get(managementPort, "/actuator/prometheus").body());
		return limit.find() ? String.valueOf((long) Double.parseDouble(limit.group(1))) : "?";
	}

	private static String gatewayHeapArgument(long pid) {
		return ProcessHandle.of(pid)
			.flatMap((process) -> process.info().arguments())
			.flatMap((arguments) -> List.of(arguments).stream().filter((a) -> a.startsWith("-Xmx")).findFirst())
			.orElse("?");
	}

	/** One task of {@link #all}. */
	private interface Task<T> {

		T run(int index) throws Exception;

	}

	/**
	 * The gateway's memory: RSS as it is, then RSS and heap used after a full collection
	 * ({@code jcmd GC.run}).
	 */
	private record Memory(long rssKiB, long rssAfterGcKiB, long heapUsedBytes) {

		static Memory read(long pid, int managementPort) throws Exception {
			long rss = rssKiB(pid);
			Process gc = new ProcessBuilder(jcmd(), Long.toString(pid), "GC.run").redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!gc.waitFor(2, TimeUnit.MINUTES)) {
				gc.destroy();
			}
			TimeUnit.SECONDS.sleep(2);
			return new Memory(rss, rssKiB(pid), heapUsed(managementPort));
		}

		private static long rssKiB(long pid) throws IOException {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D", ""));
				}
			}
			throw new IOException("No VmRSS for " + pid);
		}

		private static long heapUsed(int managementPort) {
			Matcher used = HEAP_USED.matcher(HttpProbe.get(managementPort, "/actuator/prometheus").body());
			double sum = 0;
			while (used.find()) {
				sum += Double.parseDouble(used.group(1));
			}
			return (long) sum;
		}

		@Override
		public String toString() {
			return "RSS %.1f MiB; after a full collection RSS %.1f MiB, heap used %.1f MiB"
				.formatted(this.rssKiB / 1024.0, this.rssAfterGcKiB / 1024.0, this.heapUsedBytes / 1024.0 / 1024.0);
		}

	}

}
