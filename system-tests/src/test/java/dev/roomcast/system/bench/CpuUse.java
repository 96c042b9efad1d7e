package dev.roomcast.system.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
		double wall = System.nanoTime() - this.startNanos;
		Map<String, Duration> after = processes();
		String perProcess = after.entrySet()
			.stream()
			.filter((entry) -> this.before.containsKey(entry.getKey()))
			.map((entry) -> Map.entry(entry.getKey(),
					100 * entry.getValue().minus(this.before.get(entry.getKey())).toNanos() / wall))
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.map((entry) -> "%s %.0f".formatted(entry.getKey(), entry.getValue()))
			.collect(Collectors.joining(", "));
		long[] idleAfter = idleAndTotalTicks();
		long total = idleAfter[1] - this.idleBefore[1];
		String idle = (total > 0)
				? "; cores idle %.0f %%".formatted(100.0 * (idleAfter[0] - this.idleBefore[0]) / total) : "";
		return perProcess + idle;
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
			return "driver";
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
