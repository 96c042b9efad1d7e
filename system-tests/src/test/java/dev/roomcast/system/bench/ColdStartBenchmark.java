package dev.roomcast.system.bench;

import java.time.Duration;

import dev.roomcast.system.bench.Deliveries.Window;

/**
 * The benchmark's cold start: starts the system (and reports how long it took until every
 * service was healthy), sets up the rooms, then offers the rate at once, with no warm-up,
 * and prints for every second since sending began the messages sent, the deliveries that
 * arrived, the p99 of the messages sent in it and the backlog (messages sent over a
 * second before that some subscriber had not received yet); then the second from which
 * the p99 stayed under 250 ms, and the backlog 90 s after sending began.
 *
 * <p>
 * Arguments: {@code rate} messages/s (1000), {@code rooms} (10), {@code subscribers} per
 * room (5), {@code seconds} of sending (120). Run it with
 * {@code ./benchmark.sh cold ...}.
 */
public final class ColdStartBenchmark {

	private static final int BACKLOG_AT_SECOND = 90;

	private ColdStartBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int rate = BenchRun.intArg(args, 0, 1000);
		int rooms = BenchRun.intArg(args, 1, 10);
		int subscribers = BenchRun.intArg(args, 2, 5);
		int seconds = Math.max(1, BenchRun.intArg(args, 3, 120));
		try (BenchRun run = BenchRun.start(rooms, subscribers, rate)) {
			coldStart(run, rate, seconds);
		}
		System.exit(0);
	}

	private static void coldStart(BenchRun run, int rate, int seconds) throws Exception {
		System.out.printf("Sending %d messages/s (%d deliveries/s) at once for %d s%n", rate, rate * run.subscribers(),
				seconds);
		Deliveries deliveries = run.beginSending(rate);
		CpuUse cpu = CpuUse.start();
		// the backlog at the end of each second: only then can it be known
		double[] backlog = new double[seconds + 1];
		for (int second = 1; second <= seconds; second++) {
			run.awaitSecond(second);
			backlog[second] = deliveries.backlogBefore(second - 1);
		}
		run.stopSending();
		CpuUse.Usage usage = cpu.stop();
		BenchRun.awaitUntil(() -> deliveries.sinceBeginning().missing(run.subscribers()) <= 0, Duration.ofSeconds(60));
		System.out.println();
		System.out.println("=== Roomcast cold start ===");
		System.out.println(run.header("%d msgs/s (%d deliveries/s) from the first second, %d s".formatted(rate,
				rate * run.subscribers(), seconds)));
		System.out.printf("system ready (every service healthy) %.1f s after its start%n", run.readySeconds());
		System.out.println("second  sent/s  deliveries/s    p99 ms  backlog (msgs sent > 1 s before, not delivered)");
		int goodFrom = seconds;
		for (int second = 0; second < seconds; second++) {
			Window window = deliveries.window(second, second + 1);
			long missing = window.missing(run.subscribers());
			System.out.printf("%6d  %6d  %12d  %8.1f  %7.0f%s%n", second, window.sent(), window.arrived(),
					window.ms(99), backlog[second + 1],
					(missing > 0) ? "  (" + missing + " deliveries never came)" : "");
		}
		for (int second = seconds - 1; second >= 0; second--) {
			Window window = deliveries.window(second, second + 1);
			if (window.ms(99) >= RampBenchmark.P99_LIMIT_MS || window.missing(run.subscribers()) > 0) {
				break;
			}
			goodFrom = second;
		}
		Window all = deliveries.window(0, seconds);
		System.out.println((goodFrom < seconds)
				? "p99 < %.0f ms from second %d on (the issue's target: within 60 s)"
					.formatted(RampBenchmark.P99_LIMIT_MS, goodFrom)
				: "p99 never stayed under %.0f ms to the end of the run".formatted(RampBenchmark.P99_LIMIT_MS));
		System.out.println((seconds >= BACKLOG_AT_SECOND)
				? "backlog at %d s: %.0f messages (the issue's target: none)".formatted(BACKLOG_AT_SECOND,
						backlog[BACKLOG_AT_SECOND])
				: "backlog at the end (%d s; the issue's figure is at %d s): %.0f messages".formatted(seconds,
						BACKLOG_AT_SECOND, backlog[seconds]));
		System.out.printf(
				"all seconds: p50 %.2f  p99 %.2f  max %.2f ms; %d of %d deliveries arrived; %d out of order; %s%n",
				all.ms(50), all.ms(99), all.latency().getMaxValue() / 1000.0, all.delivered(),
				all.sent() * run.subscribers(), deliveries.reordered(), run.sessionsReport());
		System.out.println("CPU while sending, % of one core: " + usage.percentOfCore() + "; " + usage.idle());
		System.out.println("CPU-ms per message sent: " + usage.perMessage(all.sent()));
	}

}
