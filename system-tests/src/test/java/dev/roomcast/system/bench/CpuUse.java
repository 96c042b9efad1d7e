package dev.roomcast.system.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The CPU time the driver and every process it started (servers and services) used over a
 * window, and how idle the machine's cores were: read twice, at the start and the end, so
 * that measuring costs nothing in between.
 */
final class CpuUse {

	private final long startNanos = System.nanoTime();

	private final Map<String, Duration> before = processes();

	private final long[] idleBefore = idleAndTotalTicks();

	private CpuUse() {
	}

	static CpuUse start() {
		return new CpuUse();
	}

	/**
	 * The CPU each process used since the start, in % of one core, and the machine's idle
	 * share.
	 * @return e.g. {@code gateway 45, kafka 35, ...; cores idle 38 %}
	 */
	String report() {
		Usage usage = stop();
		return usage.percentOfCore() + (Double.isNaN(usage.idleShare()) ? "" : "; " + usage.idle());
	}

	/**
	 * Reads the CPU each process used since the start and how idle the cores were.
	 * @return the usage over the window
	 */
	Usage stop() {
		long wall = System.nanoTime() - this.startNanos;
		Map<String, Duration> used = new LinkedHashMap<>();
		processes().forEach((name, after) -> {
			if (this.before.containsKey(name)) {
				used.put(name, after.minus(this.before.get(name)));
			}
		});
		long[] idleAfter = idleAndTotalTicks();
		long total = idleAfter[1] - this.idleBefore[1];
		double idle = (total > 0) ? (double) (idleAfter[0] - this.idleBefore[0]) / total : Double.NaN;
		return new Usage(Duration.ofNanos(wall), used, idle);
	}

	/**
	 * The CPU the processes used over a window.
	 *
	 * @param wall the window's length
	 * @param byProcess CPU time by process name ({@code kafka}, {@code gateway},
	 * {@code driver}...; the gateways together)
	 * @param idleShare how idle the machine's cores were, 0 to 1, NaN where unknown
	 */
	record Usage(Duration wall, Map<String, Duration> byProcess, double idleShare) {

		static final String DRIVER = "driver";

		/** e.g. {@code gateway 45, kafka 35, ...}, most first. */
		String percentOfCore() {
			return format((used) -> 100.0 * used.toNanos() / this.wall.toNanos(), "%.0f");
		}

		/** e.g. {@code cores idle 38 %}. */
		String idle() {
			return Double.isNaN(this.idleShare) ? "cores idle ?" : "cores idle %.0f %%".formatted(100 * this.idleShare);
		}

		/**
		 * The CPU each process used per message, and all of them together.
		 * @param messages the messages sent in the window
		 * @return e.g.
		 * {@code gateway 1.10, kafka 0.80, ...; all but the driver 2.90, with it 3.20}
		 */
		String perMessage(long messages) {
			if (messages <= 0) {
				return "no messages";
			}
			return format((used) -> used.toNanos() / 1e6 / messages, "%.3f") + "; all but the driver %.3f, with it %.3f"
				.formatted(msPerMessage(messages, false), msPerMessage(messages, true));
		}

		/**
		 * The CPU of all processes together per message, in ms.
		 * @param messages the messages sent in the window
		 * @param withDriver whether the driver counts
		 * @return the CPU-ms per message
		 */
		double msPerMessage(long messages, boolean withDriver) {
			return this.byProcess.entrySet()
				.stream()
				.filter((entry) -> withDriver || !entry.getKey().equals(DRIVER))
				.mapToLong((entry) -> entry.getValue().toNanos())
				.sum() / 1e6 / Math.max(1, messages);
		}

		private String format(ToDoubleFunction<Duration> value, String number) {
			return this.byProcess.entrySet()
				.stream()
				.map((entry) -> Map.entry(entry.getKey(), value.applyAsDouble(entry.getValue())))
				.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
				.map((entry) -> entry.getKey() + " " + number.formatted(entry.getValue()))
				.collect(Collectors.joining(", "));
		}

	}

	private static Map<String, Duration> processes() {
		Map<String, Duration> cpu = new LinkedHashMap<>();
		ProcessHandle driver = ProcessHandle.current();
		Stream.concat(Stream.of(driver), driver.descendants()).forEach((process) -> {
			ProcessHandle.Info info = process.info();
			info.totalCpuDuration().ifPresent((used) -> cpu.merge(name(process, info), used, Duration::plus));
		});
		return cpu;
	}

	private static String name(ProcessHandle process, ProcessHandle.Info info) {
		if (process.equals(ProcessHandle.current())) {
			return Usage.DRIVER;
		}
		List<String> arguments = List.of(info.arguments().orElse(new String[0]));
		if (arguments.contains("kafka.Kafka")) {
			return "kafka";
		}
		if (arguments.stream().anyMatch((argument) -> argument.endsWith("MongoStoreMain"))) {
			return "mongo-store";
		}
		int jar = arguments.indexOf("-jar");
		if (jar >= 0 && jar + 1 < arguments.size()) {
			return Path.of(arguments.get(jar + 1)).getFileName().toString().replace(".jar", "");
		}
		// Debian's redis-server is a link to redis-check-rdb, which /proc names
		if (info.command().orElse("").contains("redis")) {
			return "redis";
		}
		return info.command()
			.map((command) -> Path.of(command).getFileName().toString())
			.orElse("pid " + process.pid());
	}

	/** The idle and total ticks of all cores from /proc/stat, or zeros elsewhere. */
	private static long[] idleAndTotalTicks() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long total = 0;
			for (int i = 1; i < fields.length; i++) {
				total += Long.parseLong(fields[i]);
			}
			return new long[] { Long.parseLong(fields[4]) + Long.parseLong(fields[5]), total };
		}
		catch (IOException | RuntimeException ex) {
			return new long[] { 0, 0 };
		}
	}

}
