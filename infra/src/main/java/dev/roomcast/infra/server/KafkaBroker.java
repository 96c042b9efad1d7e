package dev.roomcast.infra.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.roomcast.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) run from the
 * {@code kafka_2.13} jars as its own process.
 */
final class KafkaBroker {

	/** How long listing and creating the topics may take, each. */
	private static final int TOPICS_TIMEOUT_MS = 60_000;

	private KafkaBroker() {
	}

	/**
	 * Starts a broker, or reuses the one already answering on the port.
	 * @param dataDir where its logs live
	 * @param port the client port
	 * @param controllerPort the KRaft controller port
	 * @return the process, or {@code null} when an existing broker was reused
	 */
	static ServerProcess startOrReuse(Path dataDir, int port, int controllerPort) {
		if (Ports.answeredBy(port, "Kafka", () -> isKafka(port))) {
			return null;
		}
		if (Ports.isAnswering(controllerPort)) {
			throw new IllegalStateException("Kafka controller port " + controllerPort
					+ " is in use; stop what holds it " + "or choose another controller port");
		}
		try {
			Path dir = dataDir.resolve("kafka");
			Path logs = dir.resolve("logs");
			Files.createDirectories(logs);
			Path config = dir.resolve("server.properties");
			Files.writeString(config, serverProperties(logs, port, controllerPort));
			Path log4j = dir.resolve("log4j2.properties");
			Files.writeString(log4j, LOG4J);
			List<String> java = javaCommand(log4j);
			Path out = dir.resolve("kafka.log");
			if (!Files.exists(logs.resolve("meta.properties"))) {
				List<String> format = new ArrayList<>(java);
				format.addAll(List.of("kafka.tools.StorageTool", "format", "--cluster-id=" + clusterId(), "-c",
						config.toString(), "--ignore-formatted"));
				run(format, dir, out);
			}
			List<String> server = new ArrayList<>(java);
			server.addAll(List.of("kafka.Kafka", config.toString()));
			return ServerProcess.start("Kafka on port " + port, server, dir, out)
				.awaitReady(() -> Ports.isAnswering(port) && isKafka(port), Duration.ofSeconds(90));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Creates the topic catalogue; topics that exist are left as they are.
	 * @param bootstrap the bootstrap servers
	 */
	static void createTopics(String bootstrap) {
		try (Admin admin = admin(bootstrap)) {
			// a broker that has just started on a busy machine may take longer than the
			// admin client's default call timeout to answer: each call gets the whole
			// wait
			Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs(TOPICS_TIMEOUT_MS))
				.names()
				.get(TOPICS_TIMEOUT_MS, TimeUnit.MILLISECONDS);
			List<NewTopic> missing = Topics.ALL.stream()
				.filter((spec) -> !existing.contains(spec.name()))
				.map((spec) -> new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.config()))
				.toList();
			if (!missing.isEmpty()) {
				admin.createTopics(missing, new CreateTopicsOptions().timeoutMs(TOPICS_TIMEOUT_MS))
					.all()
					.get(TOPICS_TIMEOUT_MS, TimeUnit.MILLISECONDS);
			}
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw new IllegalStateException("Could not create topics on " + bootstrap, ex.getCause());
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create topics on " + bootstrap, ex);
		}
	}

	private static boolean isKafka(int port) {
		try (Admin admin = admin("127.0.0.1:" + port)) {
			admin.describeCluster().clusterId().get(3, TimeUnit.SECONDS);
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static Admin admin(String bootstrap) {
		Properties props = new Properties();
		props.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				5000, AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
		return Admin.create(props);
	}

	private static List<String> javaCommand(Path log4j) {
		String heap = System.getProperty("roomcast.kafka.heap", "384m");
		List<String> command = new ArrayList<>(List.of(InfraPaths.java(), "-Xms" + heap, "-Xmx" + heap));
		command.addAll(InfraPaths.gcOptions("kafka", KAFKA_GC));
		command.addAll(InfraPaths.jitOptions("kafka", InfraPaths.C2));
		command.addAll(List.of("-Dlog4j2.configurationFile=" + log4j.toUri(), "-cp", InfraPaths.serverClasspath()));
		return command;
	}

	private static void run(List<String> command, Path dir, Path out) {
		try (ServerProcess step = ServerProcess.start("Kafka storage format", command, dir, out)) {
			step.awaitExit(Duration.ofSeconds(60));
		}
	}

	private static String clusterId() {
		// a Kafka cluster id is a base64url-encoded 16-byte UUID without padding; it
		// may start with '-', so it is passed as --cluster-id=<id>, never on its own
		UUID uuid = UUID.randomUUID();
		java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
		bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
		return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
	}

	private static String serverProperties(Path logs, int port, int controllerPort) {
		return """
				process.roles=broker,controller
				node.id=1
				controller.quorum.voters=1@127.0.0.1:%2$d
				listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
				advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
				controller.listener.names=CONTROLLER
				listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
				inter.broker.listener.name=PLAINTEXT
				log.dirs=%3$s
				num.partitions=3
				auto.create.topics.enable=false
				offsets.topic.replication.factor=1
				offsets.topic.num.partitions=3
				transaction.state.log.replication.factor=1
				transaction.state.log.min.isr=1
				transaction.state.log.num.partitions=3
				share.coordinator.state.topic.replication.factor=1
				share.coordinator.state.topic.min.isr=1
				group.initial.rebalance.delay.ms=0
				log.cleaner.dedupe.buffer.size=8388608
				num.network.threads=2
				num.io.threads=2
				""".formatted(port, controllerPort, logs.toString().replace("\\", "/"));
	}

	/**
	 * Kafka's own defaults ({@code kafka-run-class.sh}). The broker's request metrics'
	 * reservoirs and other long-lived maps take writes all the time: the serial collector
	 * scans them in every young collection, G1 refines those cards concurrently
	 * (docs/decisions.md).
	 */
	private static final String KAFKA_GC = "-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 "
			+ "-XX:+ExplicitGCInvokesConcurrent";

	private static final String LOG4J = """
			status = warn
			appender.console.type = Console
			appender.console.name = STDOUT
			appender.console.layout.type = PatternLayout
			appender.console.layout.pattern = [%d] %p %m (%c)%n
			rootLogger.level = INFO
			rootLogger.appenderRef.stdout.ref = STDOUT
			logger.kafka.name = org.apache.kafka
			logger.kafka.level = WARN
			logger.state.name = state.change.logger
			logger.state.level = WARN
			""";

}
