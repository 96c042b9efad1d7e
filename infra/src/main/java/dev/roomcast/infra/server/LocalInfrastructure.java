package dev.roomcast.infra.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Real Kafka, Redis and the Mongo-compatible store on loopback, each started as its own
 * process (or reused when one already answers on its port), side by side, then the topic
 * catalogue. One piece of code for the run command and for the tests.
 */
public final class LocalInfrastructure implements AutoCloseable {

	private final Settings settings;

	private final List<ServerProcess> started = new ArrayList<>();

	/** The server processes this instance started, by server, for crash tests. */
	private final Map<Server, ServerProcess> byServer = new EnumMap<>(Server.class);

	private final Map<String, Duration> timings = new HashMap<>();

	private LocalInfrastructure(Settings settings) {
		this.settings = settings;
	}

	/**
	 * Starts what is not running yet and waits until everything is ready.
	 * @param settings ports and data folder
	 * @return the running infrastructure; closing it stops what it started
	 */
	public static LocalInfrastructure start(Settings settings) {
		LocalInfrastructure infra = new LocalInfrastructure(settings);
		try {
			infra.startAll();
			return infra;
		}
		catch (RuntimeException ex) {
			infra.close();
			throw ex;
		}
	}

	private void startAll() {
		// the three servers do not need each other: started side by side, the wait is the
		// slowest one's (Kafka's) rather than the sum
		Map<Server, CompletableFuture<ServerProcess>> starting = new EnumMap<>(Server.class);
		for (Server server : Server.values()) {
			starting.put(server, CompletableFuture.supplyAsync(() -> {
				long startedAt = System.nanoTime();
				ServerProcess process = startOrReuse(server);
				synchronized (this.timings) {
					this.timings.put(server.displayName, Duration.ofNanos(System.nanoTime() - startedAt));
				}
				return process;
			}, (task) -> new Thread(task, "start-" + server.displayName).start()));
		}
		RuntimeException failure = null;
		for (Map.Entry<Server, CompletableFuture<ServerProcess>> server : starting.entrySet()) {
			try {
				add(server.getKey(), server.getValue().join());
			}
			catch (CompletionException ex) {
				if (failure == null) {
					failure = (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
		long topicsAt = System.nanoTime();
		KafkaBroker.createTopics(kafkaBootstrapServers());
		this.timings.put("Kafka topics", Duration.ofNanos(System.nanoTime() - topicsAt));
	}

	private ServerProcess startOrReuse(Server server) {
		return switch (server) {
			case KAFKA -> KafkaBroker.startOrReuse(this.settings.dataDir(), this.settings.kafkaPort(),
					this.settings.kafkaControllerPort());
			case REDIS -> RedisServerLauncher.startOrReuse(this.settings.dataDir(), this.settings.redisPort());
			case MONGO -> MongoStore.startOrReuse(this.settings.dataDir(), this.settings.mongoPort());
		};
	}

	private synchronized void add(Server server, ServerProcess process) {
		if (process != null) {
			this.started.add(process);
			this.byServer.put(server, process);
		}
	}

	/**
	 * Kills a server this instance started at once, as a crash would ({@code kill -9}).
	 * @param server the server
	 */
	public void kill(Server server) {
		started(server).kill();
	}

	/**
	 * Stops a server this instance started as an operator would (SIGTERM: Redis saves its
	 * snapshot, Kafka closes its logs).
	 * @param server the server
	 */
	public void stop(Server server) {
		started(server).close();
	}

	/**
	 * Starts a stopped or killed server again, on its port and with its data, and waits
	 * until it is ready.
	 * @param server the server
	 */
	public void restart(Server server) {
		ServerProcess old = started(server);
		if (old.isAlive()) {
			throw new IllegalStateException(server.displayName + " still runs: " + old);
		}
		ServerProcess process = startOrReuse(server);
		synchronized (this) {
			this.started.set(this.started.indexOf(old), process);
			this.byServer.put(server, process);
		}
	}

	private synchronized ServerProcess started(Server server) {
		ServerProcess process = this.byServer.get(server);
		if (process == null) {
			throw new IllegalStateException(server.displayName + " was not started by this instance");
		}
		return process;
	}

	/**
	 * How long each server took to be ready (or to be found already running), and the
	 * topic catalogue, for the run command's start-up report.
	 * @return durations by server, in start order
	 */
	public Map<String, Duration> timings() {
		synchronized (this.timings) {
			Map<String, Duration> ordered = new LinkedHashMap<>();
			for (String name : List.of(Server.KAFKA.displayName, Server.REDIS.displayName, Server.MONGO.displayName,
					"Kafka topics")) {
				if (this.timings.containsKey(name)) {
					ordered.put(name, this.timings.get(name));
				}
			}
			return ordered;
		}
	}

	/**
	 * The Kafka bootstrap servers.
	 * @return {@code 127.0.0.1:<port>}
	 */
	public String kafkaBootstrapServers() {
		return "127.0.0.1:" + this.settings.kafkaPort();
	}

	/**
	 * The Redis port.
	 * @return the port
	 */
	public int redisPort() {
		return this.settings.redisPort();
	}

	/**
	 * The MongoDB connection string, without a database.
	 * @return {@code mongodb://127.0.0.1:<port>}
	 */
	public String mongoUri() {
		return "mongodb://127.0.0.1:" + this.settings.mongoPort();
	}

	/**
	 * The Spring properties that point a service at this infrastructure.
	 * @param database the service's MongoDB database, or {@code null} for a service
	 * without one
	 * @return property names and values
	 */
	public Map<String, String> springProperties(String database) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", Integer.toString(redisPort()));
		if (database != null) {
			properties.put("spring.mongodb.uri", mongoUri() + "/" + database);
		}
		return properties;
	}

	/**
	 * The processes this instance started (not those it reused).
	 * @return the processes
	 */
	public synchronized List<ServerProcess> startedProcesses() {
		return List.copyOf(this.started);
	}

	/**
	 * The settings.
	 * @return the settings
	 */
	public Settings settings() {
		return this.settings;
	}

	@Override
	public synchronized void close() {
		for (int i = this.started.size() - 1; i >= 0; i--) {
			this.started.get(i).close();
		}
		this.started.clear();
		this.byServer.clear();
	}

	/** The servers under the services. */
	public enum Server {

		/** The Kafka broker (KRaft, broker and controller in one process). */
		KAFKA("Kafka"),

		/** Redis, which holds the HTTP sessions. */
		REDIS("Redis"),

		/** The MongoDB-compatible store. */
		MONGO("MongoDB-compatible store");

		private final String displayName;

		Server(String displayName) {
			this.displayName = displayName;
		}

	}

	/**
	 * Where the servers listen and keep their data.
	 *
	 * @param dataDir the folder every server keeps its data under
	 * @param kafkaPort the Kafka client port
	 * @param kafkaControllerPort the KRaft controller port
	 * @param redisPort the Redis port
	 * @param mongoPort the MongoDB-protocol port
	 */
	public record Settings(Path dataDir, int kafkaPort, int kafkaControllerPort, int redisPort, int mongoPort) {

		/**
		 * The run command's settings: the usual ports, each overridable by an environment
		 * variable ({@code ROOMCAST_KAFKA_PORT}, {@code ROOMCAST_KAFKA_CONTROLLER_PORT},
		 * {@code ROOMCAST_REDIS_PORT}, {@code ROOMCAST_MONGO_PORT}).
		 * @param dataDir the data folder
		 * @return the settings
		 */
		public static Settings defaults(Path dataDir) {
			return new Settings(dataDir, env("ROOMCAST_KAFKA_PORT", 9092), env("ROOMCAST_KAFKA_CONTROLLER_PORT", 9093),
					env("ROOMCAST_REDIS_PORT", 6379), env("ROOMCAST_MONGO_PORT", 27017));
		}

		/**
		 * Settings on ports that are free now, for tests.
		 * @param dataDir the data folder
		 * @return the settings
		 */
		public static Settings freePorts(Path dataDir) {
			return new Settings(dataDir, Ports.free(), Ports.free(), Ports.free(), Ports.free());
		}

		private static int env(String name, int fallback) {
			String value = System.getenv(name);
			return (value != null && !value.isBlank()) ? Integer.parseInt(value.trim()) : fallback;
		}

	}

}
