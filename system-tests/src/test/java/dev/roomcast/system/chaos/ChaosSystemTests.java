package dev.roomcast.system.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.infra.server.LocalInfrastructure.Server;
import dev.roomcast.system.chaos.ChaosLoad.Figures;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.http.ApiClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chaos suite: faults injected under a steady load ({@link ChaosLoad}), each scenario
 * asserting what must hold and printing its figures (also appended to
 * {@code system-tests/target/chaos-results.md}; docs/reliability.md has a run's). Left
 * out of the normal build; {@code ./chaos.sh} runs it. The rate is
 * {@code -Droomcast.chaos.rate} (default 200 messages/s), {@code ...high-rate} for the
 * service kills (1,000), over {@code ...rooms} rooms (4).
 */
@Tag("chaos")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosSystemTests {

	private static final int RATE = Integer.getInteger("roomcast.chaos.rate", 200);

	private static final int HIGH_RATE = Integer.getInteger("roomcast.chaos.high-rate", 1000);

	private static final int ROOMS = Integer.getInteger("roomcast.chaos.rooms", 4);

	/**
	 * Seconds of load before the fault and after recovery; the load goes on while the
	 * fault lasts (a killed process is started again at once, as a supervisor would).
	 */
	private static final int BEFORE = 5;

	private static final int AFTER = 10;

	/** Seconds of load while Redis is stopped. */
	private static final int REDIS_DOWN = 5;

	private static final Duration PHASE = Duration.ofMinutes(3);

	private static final Path RESULTS = Path.of("target", "chaos-results.md");

	private final RoomcastSystem system = RoomcastSystem.shared();

	@Test
	@Order(1)
	void kafkaBrokerKilledMidStreamLosesNoAcknowledgedMessage() {
		try (ChaosLoad load = new ChaosLoad(List.of(this.system.gatewayUrl()), ROOMS, RATE)) {
			long faultAt = startUntilFault(load, RATE);
			this.system.infra().kill(Server.KAFKA);
			this.system.infra().restart(Server.KAFKA);
			long restartedMillis = millisSince(faultAt);
			awaitSent(load, load.sentCount() + RATE * AFTER);
			load.finish();
			Figures figures = load.figures(faultAt);
			report("`kill -9` of the Kafka broker, restarted at once", RATE, figures,
					"broker ready again %d ms after the kill".formatted(restartedMillis));
			assertHeld(figures);
		}
	}

	@Test
	@Order(2)
	void gatewayKilledWithClientsOnItTheyResumeOnTheOther() {
		String second = this.system.secondGatewayUrl();
		try (ChaosLoad load = new ChaosLoad(List.of(this.system.gatewayUrl(), second), ROOMS, RATE)) {
			long onSecond = load.connectedTo(second);
			assertThat(onSecond).isPositive();
			long faultAt = startUntilFault(load, RATE);
			this.system.killSecondGateway();
			await().atMost(PHASE).until(() -> load.connectedTo(this.system.gatewayUrl()) == 2L * ROOMS);
			long resumedMillis = millisSince(faultAt);
			long sentAtFault = load.sentCount();
			awaitSent(load, sentAtFault + RATE * AFTER);
			load.finish();
			Figures figures = load.figures(faultAt);
			report("`kill -9` of one of two gateways with %d of %d clients on it".formatted(onSecond, 2 * ROOMS), RATE,
					figures,
					"all clients subscribed on the other gateway %d ms after the kill".formatted(resumedMillis));
			assertHeld(figures);
			assertThat(figures.reconnects).isGreaterThanOrEqualTo(onSecond);
		}
	}

	@Test
	@Order(3)
	void redisRestartedKeepsEverySession() {
		ApiClient watcher = new ApiClient(this.system.gatewayUrl()).withNewUser("watcher");
		try (ChaosLoad load = new ChaosLoad(List.of(this.system.gatewayUrl()), ROOMS, RATE);
				StatusProbe probe = new StatusProbe(watcher)) {
			long faultAt = startUntilFault(load, RATE);
			this.system.infra().stop(Server.REDIS);
			awaitSent(load, RATE * (BEFORE + REDIS_DOWN));
			this.system.infra().restart(Server.REDIS);
			long restartedMillis = millisSince(faultAt);
			Map<String, Long> duringOutage = probe.takeCounts();
			awaitSent(load, RATE * (BEFORE + REDIS_DOWN + AFTER));
			load.finish();
			Map<String, Long> afterRestart = probe.takeCounts();
			Figures figures = load.figures(faultAt);
			report("Redis stopped and started again (its snapshot kept)", RATE, figures,
					"Redis back %d ms after the stop; GET /api/me while down %s, after %s".formatted(restartedMillis,
							duringOutage, afterRestart));
			assertHeld(figures);
			assertThat(figures.signedInAgain).as("sessions kept").isZero();
			assertThat(afterRestart).containsOnlyKeys("200");
			assertThat(watcher.username()).startsWith("watcher");
		}
	}

	@Test
	@Order(4)
	void redisLosingItsDataSendsEveryClientToSignInAgain() {
		ApiClient watcher = new ApiClient(this.system.gatewayUrl()).withNewUser("watcher");
		try (ChaosLoad load = new ChaosLoad(List.of(this.system.gatewayUrl()), ROOMS, RATE);
				StatusProbe probe = new StatusProbe(watcher)) {
			long faultAt = startUntilFault(load, RATE);
			this.system.infra().kill(Server.REDIS);
			deleteRedisData();
			this.system.infra().restart(Server.REDIS);
			long restartedMillis = millisSince(faultAt);
			Map<String, Long> duringOutage = probe.takeCounts();
			await().atMost(PHASE).until(() -> probe.counts().containsKey("401"));
			await().atMost(PHASE).until(load::allConnected);
			long sentAfter = load.sentCount();
			awaitSent(load, sentAfter + RATE * AFTER);
			load.finish();
			Map<String, Long> statuses = probe.takeCounts();
			Figures figures = load.figures(faultAt);
			report("`kill -9` of Redis, restarted without its data (every session lost)", RATE, figures,
					"Redis back %d ms after the kill; GET /api/me while down %s, after %s".formatted(restartedMillis,
							duringOutage, statuses));
			assertHeld(figures);
			assertThat(figures.signedInAgain).as("every client signed in again").isEqualTo(2L * ROOMS);
			assertThat(statuses).doesNotContainKey("500").containsKey("401");
		}
	}

	@Test
	@Order(5)
	void persistenceServiceKilledUnderLoadStoresEverything() {
		serviceKilled(RoomcastService.PERSISTENCE);
	}

	@Test
	@Order(6)
	void chatServiceKilledUnderLoadOrdersEverythingOnce() {
		serviceKilled(RoomcastService.CHAT);
	}

	private void serviceKilled(RoomcastService service) {
		try (ChaosLoad load = new ChaosLoad(List.of(this.system.gatewayUrl()), ROOMS, HIGH_RATE)) {
			long faultAt = startUntilFault(load, HIGH_RATE);
			this.system.kill(service);
			this.system.start(service);
			long restartedMillis = millisSince(faultAt);
			awaitSent(load, load.sentCount() + HIGH_RATE * AFTER);
			load.finish();
			Figures figures = load.figures(faultAt);
			report("`kill -9` of %s, restarted at once".formatted(service.name().toLowerCase() + "-service"), HIGH_RATE,
					figures, "healthy again %d ms after the kill".formatted(restartedMillis));
			assertHeld(figures);
		}
	}

	/**
	 * Starts the load and lets it run its first phase.
	 * @param load the load
	 * @param rate its messages a second
	 * @return when the fault may come ({@link System#nanoTime()})
	 */
	private static long startUntilFault(ChaosLoad load, int rate) {
		load.start();
		awaitSent(load, rate * BEFORE);
		return System.nanoTime();
	}

	/** The guarantees every scenario keeps. */
	private static void assertHeld(Figures figures) {
		assertThat(figures.unacked).as("sends never acknowledged").isZero();
		assertThat(figures.lost).as("acknowledged messages a subscriber never got").isZero();
		assertThat(figures.duplicated).as("duplicates").isZero();
		assertThat(figures.reordered).as("inversions").isZero();
		assertThat(figures.gaps).as("gaps in what subscribers show").isZero();
		assertThat(figures.storedLost).as("acknowledged messages not in history").isZero();
		assertThat(figures.storedDuplicated).as("duplicates in history").isZero();
		assertThat(figures.storedGaps).as("gaps in history").isZero();
		assertThat(figures.stored).as("every message stored once").isEqualTo(figures.acked);
	}

	private static void awaitSent(ChaosLoad load, long count) {
		await().atMost(PHASE).pollInterval(Duration.ofMillis(100)).until(() -> load.sentCount() >= count);
	}

	private void deleteRedisData() {
		try {
			Files.deleteIfExists(this.system.infra().settings().dataDir().resolve("redis").resolve("dump.rdb"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long millisSince(long nanos) {
		return (System.nanoTime() - nanos) / 1_000_000;
	}

	private static void report(String fault, int rate, Figures figures, String recovery) {
		String line = "%s at %d msgs/s (%d rooms): %s; %s".formatted(fault, rate, ROOMS, figures, recovery);
		System.out.println("=== chaos: " + line);
		try {
			Files.createDirectories(RESULTS.toAbsolutePath().getParent());
			Files.writeString(RESULTS, "- " + line + System.lineSeparator(), StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Asks {@code GET /api/me} with one user's session every 200 ms and counts the
	 * answers by status ({@code "no answer"} when the request failed).
	 */
	private static final class StatusProbe implements AutoCloseable {

		private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

		private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

		StatusProbe(ApiClient user) {
			this.scheduler.scheduleWithFixedDelay(() -> {
				String status;
				try {
					status = Integer.toString(user.get("/api/me").status());
				}
				catch (RuntimeException ex) {
					status = "no answer";
				}
				this.counts.computeIfAbsent(status, (key) -> new AtomicLong()).incrementAndGet();
			}, 0, 200, TimeUnit.MILLISECONDS);
		}

		Map<String, Long> counts() {
			Map<String, Long> copy = new TreeMap<>();
			this.counts.forEach((status, count) -> copy.put(status, count.get()));
			return copy;
		}

		synchronized Map<String, Long> takeCounts() {
			Map<String, Long> copy = counts();
			this.counts.clear();
			return copy;
		}

		@Override
		public void close() {
			this.scheduler.shutdownNow();
		}

	}

}
