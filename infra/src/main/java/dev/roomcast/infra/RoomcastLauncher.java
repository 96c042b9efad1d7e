package dev.roomcast.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The run command: starts the local infrastructure and the four services, waits until all
 * are healthy, prints the URL, and on Ctrl-C stops everything it started. A second start
 * while one runs says so and exits instead of half-starting.
 */
public final class RoomcastLauncher {

	private RoomcastLauncher() {
	}

	/**
	 * Runs Roomcast until interrupted.
	 * @param args none
	 * @throws Exception when it cannot start
	 */
	public static void main(String[] args) throws Exception {
		long startedAt = System.nanoTime();
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
			run(dataDir, startedAt);
		}
	}

	private static void run(Path dataDir, long startedAt) throws InterruptedException {
		for (RoomcastService service : RoomcastService.values()) {
			if (Ports.isAnswering(service.defaultPort())) {
				throw new IllegalStateException("Port " + service.defaultPort() + " (" + service.module()
						+ ") is already in use by another program; stop it first");
			}
		}
		List<ServerProcess> services = new ArrayList<>();
		CountDownLatch stopped = new CountDownLatch(1);
		System.out.println("Starting Kafka, Redis and the MongoDB-compatible store (data in " + dataDir + ")...");
		LocalInfrastructure infra = LocalInfrastructure.start(LocalInfrastructure.Settings.defaults(dataDir));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("Stopping Roomcast...");
			for (int i = services.size() - 1; i >= 0; i--) {
				services.get(i).close();
			}
			infra.close();
			stopped.countDown();
		}, "roomcast-stop"));
		Path logDir = dataDir.resolve("logs");
		String account = "http://127.0.0.1:" + RoomcastService.ACCOUNT.defaultPort();
		String persistence = "http://127.0.0.1:" + RoomcastService.PERSISTENCE.defaultPort();
		AuditSigningKeys keys = AuditSigningKeys.of(dataDir);
		System.out.println("Starting the services (logs in " + logDir + ")...");
		List<Thread> starters = new ArrayList<>();
		List<RuntimeException> failures = new ArrayList<>();
		for (RoomcastService service : RoomcastService.values()) {
			Map<String, String> properties = switch (service) {
				case GATEWAY -> Map.of("roomcast.gateway.routes.account-service-url", account,
						"roomcast.gateway.routes.persistence-service-url", persistence);
				case CHAT -> {
					Map<String, String> chat = new java.util.HashMap<>(keys.chatProperties());
					chat.put("spring.kafka.streams.state-dir", dataDir.resolve("chat-service").toString());
					yield chat;
				}
				case PERSISTENCE -> keys.persistenceProperties();
				default -> Map.of();
			};
			Thread starter = new Thread(() -> {
				try {
					ServerProcess process = ServiceLauncher.start(service, service.defaultPort(), infra, logDir,
							properties);
					synchronized (services) {
						services.add(process);
					}
					System.out.println("  " + service.module() + " is up on port " + service.defaultPort());
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
		long seconds = (System.nanoTime() - startedAt) / 1_000_000_000L;
		System.out.println();
		System.out.println("Roomcast is running (started in " + seconds + " s): http://localhost:"
				+ RoomcastService.GATEWAY.defaultPort() + "/");
		System.out.println("Press Ctrl-C to stop everything.");
		stopped.await();
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
