package dev.roomcast.infra.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.roomcast.infra.server.InfraPaths;
import dev.roomcast.infra.server.LocalInfrastructure;
import dev.roomcast.infra.server.Ports;
import dev.roomcast.infra.server.ServerProcess;

/**
 * The run command: starts the local infrastructure and the four services, waits until all
 * are healthy, prints where the start-up time went and the URL, and on Ctrl-C stops
 * everything it started. The servers start side by side, then the four services side by
 * side, each with class-data sharing ({@link ClassDataSharing}). With {@code --demo} it
 * then adds the demo users ({@link DemoData}); with {@code --monitoring} it also starts a
 * local Prometheus ({@link LocalMonitoring}). A second start while one runs says so and
 * exits instead of half-starting.
 *
 * <p>
 * What it prints on stdout and stderr is the command's output for the person who ran it
 * (progress, the URL, why it could not start), not logging, so it is printed, not logged.
 */
public final class RoomcastLauncher {

	/**
	 * {@code -Droomcast.run.class-data-sharing=false} starts the services from their jars
	 * as the tests do.
	 */
	private static final boolean CLASS_DATA_SHARING = Boolean
		.parseBoolean(System.getProperty("roomcast.run.class-data-sharing", "true"));

	private RoomcastLauncher() {
	}

	/**
	 * Runs Roomcast until interrupted.
	 * @param args {@code --demo} to add the demo users once it runs, {@code --monitoring}
	 * to also start a local Prometheus
	 * @throws Exception when it cannot start
	 */
	public static void main(String[] args) throws Exception {
		long startedAt = System.nanoTime();
		boolean demo = List.of(args).contains("--demo");
		// a person waits at the terminal: on a busy machine a slow start beats a failed
		// one
		if (System.getProperty("roomcast.service.start-timeout") == null) {
			System.setProperty("roomcast.service.start-timeout", "300");
		}
		Path dataDir = InfraPaths.root().resolve(".data");
		Files.createDirectories(dataDir);
		try (FileChannel lockFile = FileChannel.open(dataDir.resolve("run.lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE)) {
			FileLock lock = lockFile.tryLock();
			if (lock == null) {
				String pid = readPid(dataDir);
				System.err.println("Roomcast is already running" + pid + ": open http://localhost:"
						+ RoomcastService.GATEWAY.defaultPort() + "/ or stop it with Ctrl-C in its terminal.");
				System.exit(2);
			}
			Files.writeString(dataDir.resolve("run.pid"), Long.toString(ProcessHandle.current().pid()),
					StandardCharsets.UTF_8);
			run(dataDir, startedAt, demo, List.of(args).contains("--monitoring"));
		}
	}

	private static void run(Path dataDir, long startedAt, boolean demo, boolean monitoring)
			throws InterruptedException {
		double loadAtStart = load();
		for (RoomcastService service : RoomcastService.values()) {
			for (int port : new int[] { service.defaultPort(), service.defaultManagementPort() }) {
				if (Ports.isAnswering(port)) {
					throw new IllegalStateException("Port " + port + " (" + service.module()
							+ ") is already in use by another program; stop it first");
				}
			}
		}
		Map<RoomcastService, ServerProcess> services = new LinkedHashMap<>();
		Map<RoomcastService, String> serviceTimings = new EnumMap<>(RoomcastService.class);
		List<ServerProcess> extras = new ArrayList<>();
		CountDownLatch stopped = new CountDownLatch(1);
		System.out.println("Starting Kafka, Redis and the MongoDB-compatible store (data in " + dataDir + ")...");
		long infraAt = System.nanoTime();
		LocalInfrastructure infra = LocalInfrastructure.start(LocalInfrastructure.Settings.defaults(dataDir));
		// stopped by the hook below, after the services: a service without its broker
		// and Redis hangs in its graceful shutdown until killed, losing its archive
		infra.startedProcesses().forEach(ServerProcess::stoppedByCaller);
		Duration infraTime = Duration.ofNanos(System.nanoTime() - infraAt);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("Stopping Roomcast...");
			synchronized (extras) {
				extras.forEach(ServerProcess::close);
			}
			List<Map.Entry<RoomcastService, ServerProcess>> running;
			synchronized (services) {
				running = new ArrayList<>(services.entrySet());
			}
			for (int i = running.size() - 1; i >= 0; i--) {
				ServerProcess process = running.get(i).getValue();
				process.close();
				if (CLASS_DATA_SHARING) {
					ClassDataSharing.keepArchive(running.get(i).getKey(), process.exitCode().orElse(137));
				}
			}
			infra.close();
			stopped.countDown();
		}, "roomcast-stop"));
		Path logDir = dataDir.resolve("logs");
		String account = "http://127.0.0.1:" + RoomcastService.ACCOUNT.defaultPort();
		String persistence = "http://127.0.0.1:" + RoomcastService.PERSISTENCE.defaultPort();
		AuditSigningKeys keys = AuditSigningKeys.of(dataDir);
		System.out.println("Starting the services (logs in " + logDir + ")...");
		long servicesAt = System.nanoTime();
		List<Thread> starters = new ArrayList<>();
		List<RuntimeException> failures = new ArrayList<>();
		for (RoomcastService service : RoomcastService.values()) {
			Map<String, String> properties = switch (service) {
				case GATEWAY -> Map.of("roomcast.gateway.routes.account-service-url", account,
						"roomcast.gateway.routes.persistence-service-url", persistence);
				case CHAT -> {
					Map<String, String> chat = new LinkedHashMap<>(keys.chatProperties());
					chat.put("spring.kafka.streams.state-dir", dataDir.resolve("chat-service").toString());
					yield chat;
				}
				case PERSISTENCE -> keys.persistenceProperties();
				default -> Map.of();
			};
			Thread starter = new Thread(() -> {
				try {
					long serviceAt = System.nanoTime();
					ServerProcess process = ServiceLauncher
						.start(service, service.defaultPort(), service.defaultManagementPort(), infra, logDir,
								properties, CLASS_DATA_SHARING)
						.stoppedByCaller();
					if (CLASS_DATA_SHARING && ClassDataSharing.records(service)) {
						// writing the class archive at exit takes a while on a busy
						// machine
						process.stopGrace(Duration.ofSeconds(90));
					}
					Duration took = Duration.ofNanos(System.nanoTime() - serviceAt);
					String cpu = process.cpuTime().map((time) -> ", " + seconds(time) + " CPU").orElse("");
					synchronized (services) {
						services.put(service, process);
						serviceTimings.put(service, seconds(took) + cpu);
					}
					System.out.println("  " + service.module() + " is up on port " + service.defaultPort()
							+ " (actuator on 127.0.0.1:" + service.defaultManagementPort() + "; " + seconds(took) + cpu
							+ ")");
				}
				catch (RuntimeException ex) {
					synchronized (failures) {
						failures.add(ex);
					}
				}
			}, "start-" + service.module());
			starter.start();
			starters.add(starter);
		}
		for (Thread starter : starters) {
			starter.join();
		}
		if (!failures.isEmpty()) {
			System.err.println("Roomcast could not start: " + failures.get(0).getMessage());
			System.exit(1);
		}
		if (monitoring) {
			synchronized (extras) {
				extras.add(LocalMonitoring.start(dataDir, logDir));
			}
			System.out.println("  Prometheus (alerts of infra/prometheus/alerts.yml) is up: http://127.0.0.1:"
					+ LocalMonitoring.PORT + "/alerts");
		}
		Duration servicesTime = Duration.ofNanos(System.nanoTime() - servicesAt);
		String url = "http://localhost:" + RoomcastService.GATEWAY.defaultPort() + "/";
		System.out.println();
		printTimings(startedAt, loadAtStart, infra, infraTime, serviceTimings, servicesTime);
		if (demo) {
			DemoData.seed("http://127.0.0.1:" + RoomcastService.GATEWAY.defaultPort());
		}
		System.out.println();
		System.out.println("Roomcast is running: " + url);
		if (!demo) {
			System.out.println("First time? ./run.sh --demo adds demo users with contacts, a group and messages.");
		}
		System.out.println("Press Ctrl-C to stop everything.");
		stopped.await();
	}

	/**
	 * Prints where the start-up time went: the build (measured by {@code run.sh}, handed
	 * over as {@code roomcast.run.build} and {@code roomcast.run.started-at}), each
	 * server, each service (side by side, so they overlap), and the whole.
	 */
	private static void printTimings(long startedAt, double loadAtStart, LocalInfrastructure infra, Duration infraTime,
			Map<RoomcastService, String> serviceTimings, Duration servicesTime) {
		Duration launcher = Duration.ofNanos(System.nanoTime() - startedAt);
		long scriptStartedAt = Long.getLong("roomcast.run.started-at", 0);
		Duration total = (scriptStartedAt > 0) ? Duration.ofMillis(System.currentTimeMillis() - scriptStartedAt)
				: launcher;
		System.out.println("Start-up timings (load average " + String.format(Locale.ROOT, "%.1f", loadAtStart)
				+ " at start, " + String.format(Locale.ROOT, "%.1f", load()) + " now, "
				+ Runtime.getRuntime().availableProcessors() + " cores):");
		String build = System.getProperty("roomcast.run.build");
		if (build != null) {
			System.out.println(row("build", build));
		}
		System.out.println(row("servers (side by side)", seconds(infraTime)));
		infra.timings().forEach((name, took) -> System.out.println(row("  " + name, seconds(took))));
		System.out.println(row("services (side by side)", seconds(servicesTime)));
		serviceTimings.forEach((service, took) -> System.out.println(row("  " + service.module(),
				took + "  " + (CLASS_DATA_SHARING ? ClassDataSharing.state(service) : "from the jar"))));
		System.out.println(row("URL after", seconds(total)));
	}

	private static String row(String what, String value) {
		return String.format(Locale.ROOT, "  %-28s %s", what, value);
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	private static double load() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	private static String readPid(Path dataDir) {
		try {
			return " (pid " + Files.readString(dataDir.resolve("run.pid")).trim() + ")";
		}
		catch (IOException | UncheckedIOException ex) {
			return "";
		}
	}

}
