package dev.roomcast.system.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.roomcast.system.bench.Deliveries.Window;
import org.HdrHistogram.Histogram;

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
 * would. Besides the latencies it prints the CPU each process used per message and how
 * idle the cores were. Run it with {@code ./benchmark.sh}; {@link RampBenchmark} and
 * {@link ColdStartBenchmark} are its other modes.
 */
public final class LatencyBenchmark {

	private LatencyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int rate = BenchRun.intArg(args, 0, 2000);
		int rooms = BenchRun.intArg(args, 1, 10);
		int subscribers = BenchRun.intArg(args, 2, 5);
		int seconds = BenchRun.intArg(args, 3, 30);
		int warmup = Math.max(1, BenchRun.intArg(args, 4, 10));
		try (BenchRun run = BenchRun.start(rooms, subscribers, rate)) {
			measure(run, rate, seconds, warmup);
		}
		System.exit(0);
	}

	private static void measure(BenchRun run, int rate, int seconds, int warmup) throws Exception {
		System.out.printf("Sending %d messages/s (%d deliveries/s): %d s warm-up, %d s measured%n", rate,
				rate * run.subscribers(), warmup, seconds);
		// sending never pauses: the measured window is the steady state the warm-up led
		// to, not a restart after a pause (which had JIT compilations of its own)
		Deliveries deliveries = run.beginSending(rate);
		int end = warmup + seconds;
		run.awaitSecond(warmup - 1);
		// read a second before the measured window, so that reading them (a scrape of the
		// gateway) is not in it; they cover that second too
		GatewayTimer gatewayBefore = GatewayTimer.read(run.system());
		CpuUse cpu = CpuUse.start();
		run.awaitSecond(warmup);
		Window warm = deliveries.window(0, warmup);
		System.out.printf("Warm-up: %d messages, %d of %d deliveries arrived so far; measuring%n", warm.sent(),
				warm.delivered(), warm.sent() * run.subscribers());
		run.awaitSecond(end);
		run.stopSending();
		CpuUse.Usage usage = cpu.stop();
		long sentWhileReadingCpu = deliveries.window(warmup - 1, end).sent();
		BenchRun.awaitUntil(() -> deliveries.window(warmup, end).missing(run.subscribers()) <= 0,
				Duration.ofSeconds(60));
		GatewayTimer gatewayAfter = GatewayTimer.read(run.system());
		Window window = deliveries.window(warmup, end);
		double lastDelivery = BenchRun.seconds(deliveries.lastArrival() - deliveries.startOf(warmup));
		System.out.println();
		System.out.println("=== Roomcast end-to-end benchmark ===");
		System.out.println(run.header("target %d msgs/s (%d deliveries/s), %d s measured".formatted(rate,
				rate * run.subscribers(), seconds)));
		System.out.printf("sent        %.0f msgs/s%n", window.sentPerSecond());
		System.out.printf("delivered   %.0f deliveries/s (%d of %d expected; the last %.1f s after the first send)%n",
				window.delivered() / Math.max(seconds, lastDelivery), window.delivered(),
				window.sent() * run.subscribers(), lastDelivery);
		System.out.printf("%s, out of order %d%n", run.sessionsReport(), deliveries.reordered());
		System.out.printf("latency ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  %s%n", window.ms(50),
				window.ms(90), window.ms(99), window.ms(99.9), window.latency().getMaxValue() / 1000.0, usage.idle());
		printPerSecond(deliveries, warmup, end);
		Histogram receipts = window.receipts();
		System.out.printf(
				"of which SEND to RECEIPT (stored in Kafka): p50 %.2f  p99 %.2f  p99.9 %.2f ms (%d receipts)%n",
				Window.ms(receipts, 50), Window.ms(receipts, 99), Window.ms(receipts, 99.9), receipts.getTotalCount());
		System.out.println("gateway's own timer (receive to hand-off to the subscriber's queue): "
				+ gatewayAfter.since(gatewayBefore));
		System.out.println("CPU while sending, % of one core: " + usage.percentOfCore() + "; " + usage.idle());
		System.out.println("CPU-ms per message sent: " + usage.perMessage(sentWhileReadingCpu));
	}

	/**
	 * The p99 of the messages sent in each measured second: its median, the best and the
	 * worst second (numbered from the start of the measured window).
	 */
	private static void printPerSecond(Deliveries deliveries, int from, int to) {
		List<Double> p99s = new ArrayList<>();
		StringBuilder inOrder = new StringBuilder();
		int worstSecond = 0;
		double worst = -1;
		for (int second = from; second < to; second++) {
			Window window = deliveries.window(second, second + 1);
			if (window.delivered() > 0) {
				double p99 = window.ms(99);
				p99s.add(p99);
				inOrder.append(' ').append(Math.round(p99));
				if (p99 > worst) {
					worst = p99;
					worstSecond = second - from + 1;
				}
			}
		}
		if (p99s.isEmpty()) {
			return;
		}
		p99s.sort(null);
		System.out.printf("p99 of each second: median %.2f, best %.2f, worst %.2f ms (second %d of %d)%n",
				p99s.get(p99s.size() / 2), p99s.get(0), worst, worstSecond, to - from);
		System.out.println("p99 of each second in order, ms:" + inOrder);
	}

}
