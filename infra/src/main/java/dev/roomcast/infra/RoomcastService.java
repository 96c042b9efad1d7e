package dev.roomcast.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The four services: where their jar is built, their usual port, their MongoDB database.
 */
public enum RoomcastService {

	/** Users, credentials, contacts and rooms. */
	ACCOUNT("account-service", 8081, "roomcast-accounts"),

	/** The per-room ordering authority. */
	CHAT("chat-service", 8082, null),

	/** Message history and audit. */
	PERSISTENCE("persistence-service", 8083, "roomcast-messages"),

	/** The edge: web UI, STOMP endpoint, API routes. */
	GATEWAY("gateway", 8080, null);

	private final String module;

	private final int defaultPort;

	private final String database;

	RoomcastService(String module, int defaultPort, String database) {
		this.module = module;
		this.defaultPort = defaultPort;
		this.database = database;
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
	 * The MongoDB database, or {@code null} for a service without one.
	 * @return the database
	 */
	public String database() {
		return this.database;
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
