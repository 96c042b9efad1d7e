package dev.roomcast.infra.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.roomcast.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The servers as the run command and the tests get them: started on free ports in a fresh
 * folder, stopped at the end.
 */
class LocalInfrastructureIntegrationTests {

	@TempDir
	static Path dataDir;

	private static LocalInfrastructure infra;

	@BeforeAll
	static void start() {
		infra = LocalInfrastructure.start(LocalInfrastructure.Settings.freePorts(dataDir));
	}

	@AfterAll
	static void stop() {
		infra.close();
	}

	@Test
	void recordsMakeARoundTripThroughTheBroker() throws Exception {
		String topic = "round-trip-" + UUID.randomUUID();
		try (Admin admin = admin()) {
			// the broker creates no topic on first use
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		Map<String, Object> producerProps = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				infra.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
			for (int i = 0; i < 10; i++) {
				producer.send(new ProducerRecord<>(topic, "room-1", "message-" + i)).get(10, TimeUnit.SECONDS);
			}
		}
		Map<String, Object> consumerProps = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				infra.kafkaBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "round-trip",
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		List<String> received = new ArrayList<>();
		try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (received.size() < 10 && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					received.add(record.value());
				}
			}
		}
		assertThat(received).containsExactly("message-0", "message-1", "message-2", "message-3", "message-4",
				"message-5", "message-6", "message-7", "message-8", "message-9");
	}

	@Test
	void createsNoTopicOnFirstUse() throws Exception {
		try (Admin admin = admin()) {
			ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
			Config config = admin.describeConfigs(List.of(broker)).all().get(10, TimeUnit.SECONDS).get(broker);

			assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
		}
	}

	@Test
	void createsTheTopicCatalogueWithItsSettings() throws Exception {
		try (Admin admin = admin()) {
			Map<String, TopicDescription> topics = admin
				.describeTopics(Topics.ALL.stream().map(Topics.TopicSpec::name).toList())
				.allTopicNames()
				.get(10, TimeUnit.SECONDS);
			assertThat(topics.get(Topics.CHAT_ROOM_EVENTS).partitions()).hasSize(Topics.ROOM_PARTITIONS);
			assertThat(topics.get(Topics.CHAT_INBOUND).partitions()).hasSize(Topics.ROOM_PARTITIONS);
			ConfigResource rooms = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ACCOUNT_ROOMS);
			ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, Topics.CHAT_ROOM_EVENTS);
			Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(rooms, events))
				.all()
				.get(10, TimeUnit.SECONDS);
			assertThat(configs.get(rooms).get("cleanup.policy").value()).isEqualTo("compact");
			assertThat(configs.get(events).get("retention.ms").value()).isEqualTo("-1");
		}
	}

	@Test
	void mongoCompatibleStoreWritesAndReads() {
		try (MongoClient client = MongoClients.create(infra.mongoUri())) {
			MongoCollection<Document> collection = client.getDatabase("infra-test").getCollection("notes");
			String id = UUID.randomUUID().toString();
			collection.insertOne(new Document("_id", id).append("text", "hello"));
			Document found = collection.find(new Document("_id", id)).first();
			assertThat(found).isNotNull();
			assertThat(found.getString("text")).isEqualTo("hello");
		}
	}

	@Test
	void redisStoresAndReturnsAValue() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", infra.redisPort())) {
			socket.setSoTimeout(2000);
			assertThat(command(socket, "SET", "infra-test", "hello")).isEqualTo("+OK");
			assertThat(command(socket, "GET", "infra-test")).isEqualTo("$5\r\nhello");
		}
	}

	@Test
	void reusesServersAlreadyAnsweringOnTheirPorts(@TempDir Path otherDir) {
		LocalInfrastructure.Settings settings = infra.settings();
		try (LocalInfrastructure second = LocalInfrastructure.start(new LocalInfrastructure.Settings(otherDir,
				settings.kafkaPort(), settings.kafkaControllerPort(), settings.redisPort(), settings.mongoPort()))) {
			assertThat(second.startedProcesses()).isEmpty();
			assertThat(second.kafkaBootstrapServers()).isEqualTo(infra.kafkaBootstrapServers());
		}
	}

	@Test
	void namesThePortHeldBySomethingElse(@TempDir Path otherDir) {
		LocalInfrastructure.Settings settings = infra.settings();
		// the Redis port does not speak the Kafka protocol
		var conflicting = new LocalInfrastructure.Settings(otherDir, settings.redisPort(), Ports.free(),
				settings.redisPort(), settings.mongoPort());
		assertThatIllegalStateException().isThrownBy(() -> LocalInfrastructure.start(conflicting))
			.withMessageContaining("Port " + settings.redisPort())
			.withMessageContaining("not Kafka");
	}

	private static String command(Socket socket, String... parts) throws IOException {
		StringBuilder resp = new StringBuilder("*" + parts.length + "\r\n");
		for (String part : parts) {
			resp.append('$')
				.append(part.getBytes(StandardCharsets.UTF_8).length)
				.append("\r\n")
				.append(part)
				.append("\r\n");
		}
		OutputStream out = socket.getOutputStream();
		out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
		out.flush();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[256];
		int read = in.read(buffer);
		return new String(buffer, 0, read, StandardCharsets.UTF_8).strip();
	}

	private Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()));
	}

}
