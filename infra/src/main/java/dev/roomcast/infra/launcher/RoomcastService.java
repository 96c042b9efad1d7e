package dev.roomcast.infra.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.roomcast.infra.server.InfraPaths;

/**
 * The four services: where their jar is built, their usual ports, their MongoDB database.
 */
public enum RoomcastService {

	/** Users, credentials, contacts and rooms. */
	ACCOUNT("account-service", 8081, 8181, "roomcast-accounts", InfraPaths.SERVICE_GC, InfraPaths.C1_ONLY),

	/** The per-room ordering authority. */
	CHAT("chat-service", 8082, 8182, null, InfraPaths.SERVICE_GC, InfraPaths.C1_ONLY),

	/** Message history and audit. */
	PERSISTENCE("persistence-service", 8083, 8183, "roomcast-messages", InfraPaths.SERVICE_GC, InfraPaths.C1_ONLY),

	/** The edge: web UI, STOMP endpoint, API routes. */
	GATEWAY("gateway", 8080, 8180, null, "-XX:+UseSerialGC -Xmn96m", InfraPaths.C2_LATE);

	private final String module;

	private final int defaultPort;

	private final int defaultManagementPort;

	private final String database;

	private final String gcOptions;

	private final String jitOptions;

	RoomcastService(String module, int defaultPort, int defaultManagementPort, String database, String gcOptions,
			String jitOptions) {
		this.module = module;
		this.defaultPort = defaultPort;
		this.defaultManagementPort = defaultManagementPort;
		this.database = database;
		this.gcOptions = gcOptions;
		this.jitOptions = jitOptions;
	}

	/**
	 * The Maven module, also the {@code spring.application.name}.
	 * @return the module name
	 */
	public String module() {
		return this.module;
	}

	/**
	 * The port the run command uses.
	 * @return the port
	 */
	public int defaultPort() {
		return this.defaultPort;
	}

	/**
	 * The actuator port the run command uses (the public port plus 100, as in the
	 * service's {@code application.yml}).
	 * @return the management port
	 */
	public int defaultManagementPort() {
		return this.defaultManagementPort;
	}

	/**
	 * The MongoDB database, or {@code null} for a service without one.
	 * @return the database
	 */
	public String database() {
		return this.database;
	}

	/**
	 * The collector options its JVM gets unless {@code roomcast.jvm.gc} says otherwise.
	 * The gateway allocates the most: with twice the others' young generation it collects
	 * half as often for about the same pause (docs/benchmarks.md).
	 * @return the options
	 */
	public String gcOptions() {
		return this.gcOptions;
	}

	/**
	 * The compiler options its JVM gets unless {@code roomcast.jvm.jit} says otherwise:
	 * C1 only ({@link InfraPaths#C1_ONLY}), but for the gateway, whose hottest code C2
	 * compiles late ({@link InfraPaths#C2_LATE}).
	 * @return the options
	 */
	public String jitOptions() {
		return this.jitOptions;
	}

	/**
	 * The executable jar the build leaves in the module's target folder.
	 * @return the jar
	 */
	public Path jar() {
		Path jar = InfraPaths.root().resolve(this.module).resolve("target").resolve(this.module + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build it first (./mvnw package -DskipTests)");
		}
		return jar;
	}

}
