package dev.roomcast.system.containers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.roomcast.events.Topics;
import dev.roomcast.infra.server.Ports;
import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.infra.server.ServerProcess;
import dev.roomcast.infra.launcher.ServiceLauncher;
import dev.roomcast.system.support.ChatRoom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The four services on real Kafka, MongoDB and Redis containers (Testcontainers), where a
 * Docker engine answers: {@code ./mvnw verify -Pcontainers -pl system-tests -am}. Without
 * one (the development machines) the tests are skipped with "no Docker engine". Unlike
 * the local servers, MongoDB here is a real mongod, with its health check on.
 */
@Tag("containers")
@EnabledIf(value = "dockerAnswers", disabledReason = "no Docker engine: the containers profile needs one")
class ContainersSystemTests {

	private static final Duration PIPELINE = Duration.ofSeconds(60);

	private static ConfigurableApplicationContext containers;

	private static final Map<RoomcastService, Integer> ports = new EnumMap<>(RoomcastService.class);

	private static final List<ServerProcess> processes = new ArrayList<>();

	static boolean dockerAnswers() {
		return DockerClientFactory.instance().isDockerAvailable();
	}

	@BeforeAll
	static void startTheSystemOnContainers() {
		containers = new SpringApplicationBuilder(RoomcastContainers.class).web(WebApplicationType.NONE).run();
		Map<String, String> infra = new LinkedHashMap<>();
		infra.put("spring.kafka.bootstrap-servers",
				String.join(",", containers.getBean(KafkaConnectionDetails.class).getBootstrapServers()));
		DataRedisConnectionDetails.Standalone redis = containers.getBean(DataRedisConnectionDetails.class)
			.getStandalone();
		infra.put("spring.data.redis.host", redis.getHost());
		infra.put("spring.data.redis.port", Integer.toString(redis.getPort()));
		createTopics(infra.get("spring.kafka.bootstrap-servers"));
		String mongo = containers.getBean(MongoConnectionDetails.class).getConnectionString().getConnectionString();
		Path logDir = Path.of("target", "service-logs", "containers").toAbsolutePath();
		for (RoomcastService service : RoomcastService.values()) {
			ports.put(service, Ports.free());
		}
		for (RoomcastService service : RoomcastService.values()) {
			Map<String, String> properties = new LinkedHashMap<>(infra);
			if (service.database() != null) {
				properties.put("spring.mongodb.uri", withDatabase(mongo, service.database()));
				properties.put("management.health.mongodb.enabled", "true");
			}
			if (service == RoomcastService.GATEWAY) {
				int port = ports.get(service);
				properties.put("roomcast.gateway.routes.account-service-url",
						"http://127.0.0.1:" + ports.get(RoomcastService.ACCOUNT));
				properties.put("roomcast.gateway.routes.persistence-service-url",
						"http://127.0.0.1:" + ports.get(RoomcastService.PERSISTENCE));
				properties.put("roomcast.gateway.websocket.allowed-origins",
						"http://localhost:" + port + ",http://127.0.0.1:" + port);
			}
			if (service == RoomcastService.CHAT) {
				properties.put("spring.kafka.streams.state-dir",
						Path.of("target", "containers-chat-state").toAbsolutePath().toString());
			}
			processes.add(ServiceLauncher.start(service, ports.get(service), Ports.free(), properties, logDir));
		}
	}

	/** A connection string with its database replaced, its options kept. */
	static String withDatabase(String connectionString, String database) {
		int hostsStart = connectionString.indexOf("://") + 3;
		int query = connectionString.indexOf('?');
		int path = connectionString.indexOf('/', hostsStart);
		int hostsEnd = (path >= 0 && (query < 0 || path < query)) ? path
				: (query >= 0 ? query : connectionString.length());
		String options = (query >= 0) ? connectionString.substring(query) : "";
		return connectionString.substring(0, hostsEnd) + "/" + database + options;
	}

	/** The topic catalogue, as compose's kafka-init and the local broker create it. */
	private static void createTopics(String bootstrap) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			admin
				.createTopics(Topics.ALL.stream()
					.map((spec) -> new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.config()))
					.toList())
				.all()
				.get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create the topics on " + bootstrap, ex);
		}
	}

	@AfterAll
	static void stop() {
		processes.forEach(ServerProcess::close);
		if (containers != null) {
			containers.close();
		}
	}

	@Test
	void messagesAreOrderedDeliveredAndStoredOnRealServers() {
		String gatewayUrl = "http://localhost:" + ports.get(RoomcastService.GATEWAY);
		ChatRoom room = ChatRoom.direct(gatewayUrl);
		try (ChatRoom.Connected chat = room.connect(gatewayUrl)) {
			assertThat(chat.alice().send(room.roomId(), UUID.randomUUID().toString(), "over real servers").join())
				.isTrue();
			await().atMost(PIPELINE).until(() -> chat.bob().messages(room.roomId()).size() == 1);
			assertThat(chat.bob().seqs(room.roomId())).containsExactly(ChatRoom.FIRST_MESSAGE_SEQ);
			await().atMost(PIPELINE).ignoreExceptions().until(() -> room.messagesInHistory() == 1);
		}
	}

}
