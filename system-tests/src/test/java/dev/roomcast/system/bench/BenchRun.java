package dev.roomcast.system.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.infra.server.InfraPaths;
import dev.roomcast.infra.server.LocalInfrastructure;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.http.HttpProbe;
import dev.roomcast.testsupport.servers.TestInfrastructure;

/**
 * One run of the end-to-end benchmark, shared by its modes: starts the whole system from
 * the services' jars (of the checkout {@code roomcast.root} names) and reports how long
 * it took, sets up the rooms (each of {@code subscribers} members with one STOMP session
 * each subscribed to the room), and sends from one member per room at a rate that can
 * change, while every service's metrics are scraped every 15 s as a Prometheus server
 * would. The sessions report into one {@link Deliveries}, whose seconds start when
 * sending begins.
 */
final class BenchRun implements AutoCloseable {

	private static final int SCRAPE_INTERVAL_SECONDS = 15;

	private static final long SEND_TICK_MICROS = 5_000;

	private final RoomcastSystem system;

	private final int rooms;

	private final int subscribers;

	private final List<String> roomIds = new ArrayList<>();

	private final List<LeanStompClient> senders = new ArrayList<>();

	private final List<LeanStompClient> sessions = new ArrayList<>();

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

	private final ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong sendFailures = new AtomicLong();

	private volatile int rate;

	private volatile Deliveries deliveries;

	private double readySeconds;

	private BenchRun(RoomcastSystem system, int rooms, int subscribers) {
		this.system = system;
		this.rooms = rooms;
		this.subscribers = subscribers;
	}

	/**
	 * Starts the system, reports how long it took to be ready, and sets up the rooms.
	 * @param rooms how many rooms
	 * @param subscribers members (sessions) per room
	 * @param sendRateLimit the gateway's send limit per user and second: the highest rate
	 * the run will offer
	 * @return the run, ready to send
	 */
	static BenchRun start(int rooms, int subscribers, int sendRateLimit) throws Exception {
		Started started = startSystem(sendRateLimit);
		BenchRun run = new BenchRun(started.system(), rooms, subscribers);
		run.readySeconds = started.readySeconds();
		long setUpAt = System.nanoTime();
		run.setUp();
		System.out.printf("Set up %d rooms of %d members in %.1f s%n", rooms, subscribers,
				seconds(System.nanoTime() - setUpAt));
		return run;
	}

	/**
	 * Starts the system and reports how long it took to be ready.
	 * @param sendRateLimit the gateway's send limit per user and second
	 * @return the running system and the seconds it took
	 */
	static Started startSystem(int sendRateLimit) {
		System.setProperty("roomcast.system.send-rate-limit", Integer.toString(sendRateLimit));
		System.out.println("Starting Kafka, Redis, the MongoDB-compatible store and the four services from "
				+ InfraPaths.root() + "...");
		long startedAt = System.nanoTime();
		LocalInfrastructure infra = TestInfrastructure.shared();
		long serversReady = System.nanoTime();
		RoomcastSystem system;
		try {
			system = RoomcastSystem.shared();
		}
		catch (RuntimeException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof LinkageError) {
					System.err.println("The infra classes of " + InfraPaths.root() + " do not fit this driver (" + cause
							+ "): ROOMCAST_ROOT_INFRA=driver runs that checkout's jars with this one's");
				}
			}
			throw ex;
		}
		long ready = System.nanoTime();
		System.out.printf("System ready (every service healthy) in %.1f s: servers %.1f s (%s), then services %.1f s%n",
				seconds(ready - startedAt), seconds(serversReady - startedAt),
				infra.timings()
					.entrySet()
					.stream()
					.map((timing) -> "%s %.1f s".formatted(timing.getKey(), timing.getValue().toMillis() / 1000.0))
					.collect(Collectors.joining(", ")),
				seconds(ready - serversReady));
		return new Started(system, seconds(ready - startedAt));
	}

	/**
	 * A started system.
	 *
	 * @param system the system
	 * @param readySeconds how long it took from the start to every service healthy
	 */
	record Started(RoomcastSystem system, double readySeconds) {
	}

	/**
	 * Signs up the members, puts each room's in a group room and connects one session per
	 * member, subscribed to its room.
	 */
	private void setUp() throws Exception {
		String gateway = this.system.gatewayUrl();
		// the WebSocket listeners run on the client's selector thread, not on a pool: one
		// thread hop less per delivery on the shared cores
		HttpClient http = HttpClient.newBuilder().executor(Runnable::run).build();
		// the sessions report to the run's deliveries once sending begins
		LeanStompClient.Listener listener = Deliveries.reportingTo(() -> this.deliveries);
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
			this.roomIds.add(roomId);
			for (ApiClient member : members) {
				LeanStompClient session = LeanStompClient.connect(http, gateway, member, listener);
				session.joinRoom(roomId);
				this.sessions.add(session);
			}
			this.senders.add(this.sessions.get(this.sessions.size() - this.subscribers));
		}
	}

	/**
	 * Begins sending at a rate, one room after the other, and scraping; the seconds of
	 * the returned deliveries start now.
	 * @param messagesPerSecond messages/s in total
	 * @return what the sessions receive from now on
	 */
	Deliveries beginSending(int messagesPerSecond) {
		this.rate = messagesPerSecond;
		this.deliveries = new Deliveries(this.subscribers, System.nanoTime());
		// a scrape lands half an interval into each interval: none falls on the edges
		// of windows of whole quarter-minutes
		this.scraper.scheduleAtFixedRate(this::scrapeAll, SCRAPE_INTERVAL_SECONDS / 2, SCRAPE_INTERVAL_SECONDS,
				TimeUnit.SECONDS);
		double[] owed = { 0 };
		this.ticker.scheduleAtFixedRate(() -> {
			owed[0] += this.rate * SEND_TICK_MICROS / 1_000_000.0;
			while (owed[0] >= 1) {
				owed[0] -= 1;
				int room = (int) (this.sent.getAndIncrement() % this.rooms);
				long now = System.nanoTime();
				LeanStompClient sender = this.senders.get(room);
				if (!sender.isOpen()) {
					// the gateway closed it (e.g. "Client too slow" when the gateway
					// itself
					// falls behind): its room gets nothing more, which the summary must
					// say
					this.sendFailures.incrementAndGet();
					continue;
				}
				try {
					sender.send(this.roomIds.get(room), UUID.randomUUID().toString(), now);
					this.deliveries.sent(now);
				}
				catch (RuntimeException ex) {
					if (this.sendFailures.getAndIncrement() == 0) {
						ex.printStackTrace();
					}
				}
			}
		}, 0, SEND_TICK_MICROS, TimeUnit.MICROSECONDS);
		return this.deliveries;
	}

	/**
	 * Changes the rate from the next tick on.
	 * @param messagesPerSecond messages/s in total
	 */
	void rate(int messagesPerSecond) {
		this.rate = messagesPerSecond;
	}

	/** Stops sending (a send in progress completes) and scraping. */
	void stopSending() throws InterruptedException {
		this.ticker.shutdown();
		this.scraper.shutdown();
		this.ticker.awaitTermination(10, TimeUnit.SECONDS);
	}

	/**
	 * Waits until a second since sending began starts.
	 * @param second the second
	 */
	void awaitSecond(int second) throws InterruptedException {
		long wait;
		while ((wait = this.deliveries.startOf(second) - System.nanoTime()) > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

	/**
	 * Waits until a condition holds, checking every 100 ms, at most so long.
	 * @param condition the condition
	 * @param timeout how long at most
	 * @return whether it held
	 */
	static boolean awaitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			TimeUnit.MILLISECONDS.sleep(100);
		}
		return true;
	}

	/** How long the system took from the start to every service healthy, in s. */
	double readySeconds() {
		return this.readySeconds;
	}

	int subscribers() {
		return this.subscribers;
	}

	RoomcastSystem system() {
		return this.system;
	}

	long sendFailures() {
		return this.sendFailures.get();
	}

	/**
	 * e.g. {@code sessions still connected 50 of 50 (senders 10 of 10), send failures 0};
	 * a send into a session the gateway closed is a failure.
	 */
	String sessionsReport() {
		return "sessions still connected %d of %d (senders %d of %d), send failures %d".formatted(
				this.sessions.stream().filter(LeanStompClient::isOpen).count(), this.sessions.size(),
				this.senders.stream().filter(LeanStompClient::isOpen).count(), this.senders.size(),
				this.sendFailures.get());
	}

	boolean allConnected() {
		return this.sessions.stream().allMatch(LeanStompClient::isOpen);
	}

	/** The machine and the setup, the first lines of every report. */
	String header(String target) {
		return machine() + "%nrooms %d x subscribers %d, %s".formatted(this.rooms, this.subscribers, target);
	}

	/** The machine and where the system came from. */
	static String machine() {
		return "machine: %d cores, %s %s; every server and service on this machine%n".formatted(
				Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
				System.getProperty("java.version")) + "system from " + InfraPaths.root();
	}

	/** What a Prometheus server does every interval: reads every service's metrics. */
	private void scrapeAll() {
		for (RoomcastService service : RoomcastService.values()) {
			try {
				HttpProbe.get(this.system.managementPort(service), "/actuator/prometheus");
			}
			catch (RuntimeException ex) {
				// a missed scrape is not the benchmark's business
			}
		}
	}

	@Override
	public void close() {
		this.ticker.shutdownNow();
		this.scraper.shutdownNow();
		this.sessions.forEach(LeanStompClient::close);
	}

	static double seconds(long nanos) {
		return nanos / 1e9;
	}

	static int intArg(String[] args, int index, int fallback) {
		return (args.length > index) ? Integer.parseInt(args[index]) : fallback;
	}

}
