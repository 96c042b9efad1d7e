package dev.roomcast.system.bench;

import java.time.Duration;

import dev.roomcast.system.bench.Deliveries.Window;

/**
 * The benchmark's ramp: one start of the system, then rates rising step by step (each
 * held for a short settle, then measured) until a step fails: its p99 reaches 250 ms, or
 * a delivery is missing a settle's length after the step (lost, or a backlog), or a
 * subscriber saw a room's seq skip, repeat or go back, or a session dropped. The knee is
 * the highest rate whose step passed. Each step prints its rate, deliveries/s, p50/p99,
 * what is missing, what came out of order, how idle the cores were and the CPU per
 * message.
 *
 * <p>
 * Arguments: {@code rooms} (10), {@code subscribers} per room (5), {@code start}
 * messages/s (250), {@code step} (250), {@code stepSeconds} measured per step (15),
 * {@code max} messages/s (5000). Run it with {@code ./benchmark.sh ramp ...}.
 */
public final class RampBenchmark {

	static final double P99_LIMIT_MS = 250;

	/** Seconds at each new rate before measuring; also the grace for the step before. */
	private static final int SETTLE_SECONDS = 3;

	private RampBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int rooms = BenchRun.intArg(args, 0, 10);
		int subscribers = BenchRun.intArg(args, 1, 5);
		int start = BenchRun.intArg(args, 2, 250);
		int step = Math.max(1, BenchRun.intArg(args, 3, 250));
		int stepSeconds = Math.max(1, BenchRun.intArg(args, 4, 15));
		int max = BenchRun.intArg(args, 5, 5000);
		try (BenchRun run = BenchRun.start(rooms, subscribers, max)) {
			ramp(run, start, step, stepSeconds, max);
		}
		System.exit(0);
	}

	private static void ramp(BenchRun run, int start, int step, int stepSeconds, int max) throws Exception {
		System.out.println();
		System.out.println("=== Roomcast ramp ===");
		System.out.println(run.header("from %d msgs/s up by %d to at most %d, each %d s settled, %d s measured"
			.formatted(start, step, max, SETTLE_SECONDS, stepSeconds)));
		System.out.println("p99 limit " + P99_LIMIT_MS + " ms; missing = deliveries not arrived " + SETTLE_SECONDS
				+ " s after the step; reordered = room events out of seq order");
		System.out.println(" msgs/s   sent/s  deliveries/s    p50 ms    p99 ms  missing  reordered  idle  CPU-ms/msg"
				+ " (with driver)");
		Deliveries deliveries = run.beginSending(start);
		int knee = -1;
		int rate = start;
		int settledAt = SETTLE_SECONDS;
		long reorderedBefore = 0;
		boolean passed = true;
		while (passed) {
			run.awaitSecond(settledAt);
			CpuUse cpu = CpuUse.start();
			int end = settledAt + stepSeconds;
			run.awaitSecond(end);
			CpuUse.Usage usage = cpu.stop();
			boolean last = rate + step > max;
			if (!last) {
				run.rate(rate + step);
			}
			else {
				run.stopSending();
			}
			// the next step's settle is this one's grace
			run.awaitSecond(end + SETTLE_SECONDS);
			Window window = deliveries.window(settledAt, end);
			long missing = window.missing(run.subscribers());
			long reordered = deliveries.reordered() - reorderedBefore;
			reorderedBefore += reordered;
			passed = window.ms(99) < P99_LIMIT_MS && missing == 0 && reordered == 0 && run.allConnected();
			System.out.printf("%7d  %7.0f  %12.0f  %8.2f  %8.2f  %7d  %9d  %3.0f %%  %.3f (%.3f)%s%n", rate,
					window.sentPerSecond(), window.arrivedPerSecond(), window.ms(50), window.ms(99), missing, reordered,
					100 * usage.idleShare(), usage.msPerMessage(window.sent(), false),
					usage.msPerMessage(window.sent(), true), passed ? "" : "  <- fails");
			if (passed) {
				knee = rate;
			}
			if (last) {
				break;
			}
			settledAt = end + SETTLE_SECONDS;
			rate += step;
		}
		if (passed) {
			System.out.println("Every step passed up to the maximum rate: the knee is at or above it.");
		}
		else {
			run.stopSending();
		}
		// what never arrives after sending stopped is lost; what arrives late was a
		// backlog
		boolean caughtUp = BenchRun.awaitUntil(() -> deliveries.sinceBeginning().missing(run.subscribers()) <= 0,
				Duration.ofSeconds(30));
		Window all = deliveries.sinceBeginning();
		System.out.printf("After sending stopped: %s; %d deliveries of %d sent %s; %d out of order in all; %s%n",
				caughtUp ? "every message delivered" : "some deliveries still missing after 30 s",
				all.missing(run.subscribers()), all.sent() * run.subscribers(),
				caughtUp ? "missing" : "lost or still in a backlog", deliveries.reordered(), run.sessionsReport());
		System.out.println((knee > 0)
				? "knee: %d msgs/s (%d deliveries/s), the highest rate with p99 < %.0f ms and nothing lost or reordered"
					.formatted(knee, knee * run.subscribers(), P99_LIMIT_MS)
				: "knee: below %d msgs/s (the first step failed)".formatted(start));
	}

}
