package dev.roomcast.infra.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where infra's build output lives, for the servers, the run command and the tests: the
 * classpath of the server processes is copied to {@code infra/target/server-libs} by the
 * build.
 */
public final class InfraPaths {

	private InfraPaths() {
	}

	/**
	 * The repository root: the {@code roomcast.root} system property, else the nearest
	 * folder upwards from the working directory that holds {@code infra/pom.xml}.
	 * @return the root
	 */
	public static Path root() {
		String configured = System.getProperty("roomcast.root");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured).toAbsolutePath().normalize();
		}
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("infra/pom.xml"))) {
				return dir;
			}
		}
		throw new IllegalStateException("Cannot find the Roomcast checkout (a folder with infra/pom.xml) above "
				+ Path.of("").toAbsolutePath() + "; set -Droomcast.root");
	}

	/**
	 * The classpath of a server process: infra's classes, the server libraries (provided
	 * scope) and infra's own runtime libraries (Kafka clients, SLF4J), both copied by the
	 * build.
	 * @return a classpath string
	 */
	public static String serverClasspath() {
		Path target = root().resolve("infra/target");
		Path libs = target.resolve("server-libs");
		if (!Files.isDirectory(libs)) {
			throw new IllegalStateException(libs + " is missing: build infra first (./mvnw -pl infra package)");
		}
		return String.join(File.pathSeparator, target.resolve("classes").toString(), libs + File.separator + "*",
				target.resolve("launcher-libs") + File.separator + "*");
	}

	/**
	 * The {@code java} of the running JVM.
	 * @return its path
	 */
	public static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * The collector options of most services' JVMs: eight JVMs share two cores here, so a
	 * collection's threads wait for a core like any other, and the serial collector with
	 * a small young generation gives the shortest pauses and the best end-to-end tail
	 * (docs/decisions.md, docs/benchmarks.md).
	 */
	public static final String SERVICE_GC = "-XX:+UseSerialGC -Xmn48m";

	/**
	 * The collector options of a JVM this starts: {@code roomcast.jvm.gc.<process>} if
	 * set (e.g. {@code roomcast.jvm.gc.kafka}, {@code roomcast.jvm.gc.chat-service}),
	 * else {@code roomcast.jvm.gc} for every JVM, else the process's own defaults.
	 * @param process {@code kafka} or a service's module name
	 * @param defaults the options when neither property is set
	 * @return the options
	 */
	public static List<String> gcOptions(String process, String defaults) {
		return options("roomcast.jvm.gc", process, defaults);
	}

	/**
	 * Compiler options for C1 only: every service but the gateway. Eight JVMs share two
	 * cores here, and C2 spent a third to two thirds of each process's CPU for minutes
	 * after a start recompiling the code under load, which made a freshly started system
	 * fall behind; C1's code is compiled in a fraction of that (docs/decisions.md).
	 */
	public static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

	/**
	 * Compiler options for the JVM's own compilers (C1, then C2 for the hot code): the
	 * Kafka broker and the MongoDB-compatible store. Their request paths, compiled by C2,
	 * cost about a fifth less CPU per message than with C1, and their compilations did
	 * not put a cold start behind (docs/decisions.md).
	 */
	public static final String C2 = "";

	/**
	 * Compiler options for C1, then C2 only for the hottest code and late: the gateway.
	 * Its CPU is spread over many small calls per frame, which C2 inlines and C1 does
	 * not, so once warm it costs a fifth less CPU per message on C2; with the JVM's own
	 * thresholds those compilations fill the machine for the first half minute after a
	 * start. Thresholds about seven times the JVM's leave C2 only the code that runs for
	 * every frame, after the start (docs/decisions.md).
	 */
	public static final String C2_LATE = "-XX:Tier4InvocationThreshold=100000 -XX:Tier4MinInvocationThreshold=50000 "
			+ "-XX:Tier4CompileThreshold=100000 -XX:Tier4BackEdgeThreshold=400000";

	/**
	 * The compiler options of a JVM this starts, chosen like {@link #gcOptions}.
	 * @param process {@code kafka}, {@code mongo} or a service's module name
	 * @param defaults the options when neither property is set: {@link #C2},
	 * {@link #C2_LATE} or {@link #C1_ONLY}
	 * @return the options
	 */
	public static List<String> jitOptions(String process, String defaults) {
		return options("roomcast.jvm.jit", process, defaults);
	}

	/**
	 * {@code <property>.<process>} if set, else {@code <property>}, else the defaults,
	 * split at blanks; none when blank.
	 */
	private static List<String> options(String property, String process, String defaults) {
		String options = System.getProperty(property + "." + process, System.getProperty(property, defaults));
		return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
	}

}
