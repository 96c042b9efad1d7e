package dev.roomcast.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.testsupport.kafka.TopicReader;
import dev.roomcast.system.support.AuditKeys;
import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.stomp.StompTestClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auditor's side end to end: the bootstrap auditor logs in through the gateway,
 * replays a room from the Kafka log, finds tampering in MongoDB and forged log records,
 * rebuilds the projection; nobody else reaches the audit API, and the auditor no chat.
 */
class AuditSystemTests {

	private static final Duration PIPELINE = Duration.ofSeconds(90);

	private final RoomcastSystem system = RoomcastSystem.shared();

	@Test
	void auditorReplaysFindsExactlyTheTamperingAndTheForgeryAndRebuildRestoresTheLog() {
		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		String roomId = room.roomId();
		try (StompTestClient alice = StompTestClient.connect(this.system.gatewayUrl(), room.alice());
				StompTestClient bob = StompTestClient.connect(this.system.gatewayUrl(), room.bob())) {
			assertThat(alice.joinRoom(roomId)).isTrue();
			List<CompletableFuture<Boolean>> receipts = new ArrayList<>();
			for (int i = 0; i < 500; i++) {
				receipts.add(alice.send(roomId, uuid(), "from alice " + i));
				receipts.add(bob.send(roomId, uuid(), "from bob " + i));
			}
			assertThat(receipts.stream().map(CompletableFuture::join)).containsOnly(true);
		}
		try (MongoClient client = MongoClients.create(this.system.infra().mongoUri())) {
			MongoCollection<Document> messages = client.getDatabase(RoomcastService.PERSISTENCE.database())
				.getCollection("messages");
			await().atMost(PIPELINE)
				.until(() -> messages.countDocuments(
						Filters.and(Filters.eq("roomId", roomId), Filters.regex("text", "^from "))) == 1000);
			List<Document> original = messages.find(Filters.eq("roomId", roomId))
				.sort(Sorts.ascending("seq"))
				.into(new ArrayList<>());
			long lastSeq = seq(original.get(original.size() - 1));

			ApiClient auditor = new ApiClient(this.system.gatewayUrl());
			auditor.login(AuditKeys.AUDITOR, AuditKeys.AUDITOR_PASSWORD);
			JsonNode clean = replay(auditor, roomId);
			assertThat(clean.get("valid").asBoolean()).as(clean.toString()).isTrue();
			assertThat(clean.get("missing")).isEmpty();
			assertThat(clean.get("extra")).isEmpty();
			assertThat(clean.get("altered")).isEmpty();

			long deleted = seq(byText(original, "from alice 100"));
			long altered = seq(byText(original, "from bob 200"));
			messages.deleteOne(Filters.and(Filters.eq("roomId", roomId), Filters.eq("seq", deleted)));
			messages.updateOne(Filters.and(Filters.eq("roomId", roomId), Filters.eq("seq", altered)),
					Updates.set("text", "tampered"));
			messages.insertOne(new Document("roomId", roomId).append("seq", lastSeq + 1)
				.append("text", "inserted")
				.append("sentAt", Instant.now().toString()));
			JsonNode tampered = replay(auditor, roomId);
			assertThat(tampered.get("valid").asBoolean()).isFalse();
			assertThat(tampered.get("missing").valueStream().map(JsonNode::asLong).toList()).containsExactly(deleted);
			assertThat(tampered.get("extra").valueStream().map(JsonNode::asLong).toList()).containsExactly(lastSeq + 1);
			assertThat(tampered.get("altered")).hasSize(1);
			assertThat(tampered.get("altered").get(0).get("seq").asLong()).isEqualTo(altered);
			assertThat(tampered.get("altered").get(0).get("fields").propertyNames()).containsExactly("text");
			assertThat(tampered.get("altered").get(0).get("fields").get("text").get("log").asString())
				.isEqualTo("from bob 200");
			assertThat(tampered.get("altered").get(0).get("fields").get("text").get("store").asString())
				.isEqualTo("tampered");

			forge(roomId, original.get(2));
			JsonNode forged = replay(auditor, roomId);
			assertThat(forged.get("chain").get(roomId).get("valid").asBoolean()).isFalse();
			assertThat(forged.get("logProblems")
				.valueStream()
				.map((problem) -> problem.get("seq").asLong() + " " + problem.get("problem").asString())
				.toList()).containsExactly("3 seq 3 repeated (the chain is at " + lastSeq + ")");

			ApiClient.Response rebuild = auditor.post("/api/audit/rebuilds", Map.of("roomId", roomId));
			assertThat(rebuild.status()).as(rebuild.text()).isEqualTo(202);
			String rebuildId = rebuild.body().get("rebuildId").asString();
			await().atMost(PIPELINE).pollInterval(Duration.ofMillis(500)).until(() -> {
				JsonNode status = auditor.get("/api/audit/rebuilds/" + rebuildId).body();
				assertThat(status.get("status").asString()).isNotEqualTo("FAILED");
				return "DONE".equals(status.get("status").asString());
			});
			List<Document> rebuilt = messages.find(Filters.eq("roomId", roomId))
				.sort(Sorts.ascending("seq"))
				.into(new ArrayList<>());
			assertThat(rebuilt).extracting((document) -> seq(document) + " " + document.getString("text"))
				.containsExactlyElementsOf(
						original.stream().map((document) -> seq(document) + " " + document.getString("text")).toList());
			JsonNode after = replay(auditor, roomId);
			assertThat(after.get("missing")).isEmpty();
			assertThat(after.get("extra")).isEmpty();
			assertThat(after.get("altered")).isEmpty();
		}
	}

	@Test
	void onlyAuditorsReachTheAuditApiAndAuditorsCannotChat() {
		ApiClient user = new ApiClient(this.system.gatewayUrl());
		user.signupNew("nosy");
		for (String path : List.of("/api/audit/trail", "/api/audit/public-key", "/api/audit/replays/x",
				"/api/audit/rebuilds/x")) {
			assertThat(user.get(path).status()).as(path).isEqualTo(403);
		}
		assertThat(user.post("/api/audit/replays", Map.of("all", true)).status()).isEqualTo(403);
		assertThat(user.post("/api/audit/rebuilds", Map.of("all", true)).status()).isEqualTo(403);

		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		ApiClient auditor = new ApiClient(this.system.gatewayUrl());
		auditor.login(AuditKeys.AUDITOR, AuditKeys.AUDITOR_PASSWORD);
		assertThat(auditor.get("/api/audit/public-key").status()).isEqualTo(200);
		assertThat(auditor.get("/api/rooms/" + room.roomId() + "/messages?afterSeq=0&limit=10").status())
			.isEqualTo(403);
		try (StompTestClient chat = StompTestClient.connect(this.system.gatewayUrl(), auditor)) {
			assertThat(chat.send(room.roomId(), uuid(), "auditors do not chat").join()).isFalse();
			await().atMost(PIPELINE).until(() -> chat.errors().size() >= 1);
			assertThat(chat.errors().get(0).get("code").asString()).isEqualTo("NOT_A_MEMBER");
			chat.joinRoom(room.roomId());
			await().atMost(PIPELINE).until(() -> chat.errors().size() >= 2);
			assertThat(chat.errors().get(1).get("code").asString()).isEqualTo("NOT_A_MEMBER");
			assertThat(chat.messages(room.roomId())).isEmpty();
		}
	}

	private static JsonNode replay(ApiClient auditor, String roomId) {
		ApiClient.Response started = auditor.post("/api/audit/replays", Map.of("roomId", roomId));
		assertThat(started.status()).as(started.text()).isEqualTo(202);
		String replayId = started.body().get("replayId").asString();
		JsonNode[] done = new JsonNode[1];
		await().atMost(PIPELINE).pollInterval(Duration.ofMillis(500)).until(() -> {
			JsonNode progress = auditor.get("/api/audit/replays/" + replayId).body();
			assertThat(progress.get("state").asString()).isNotEqualTo("FAILED");
			done[0] = progress;
			return "DONE".equals(progress.get("state").asString());
		});
		return done[0].get("report");
	}

	/**
	 * Produces a record repeating a stored event's seq with other text, straight into the
	 * log.
	 */
	private static void forge(String roomId, Document stored) {
		RoomEvent forged = new RoomEvent(RoomEvent.SCHEMA_VERSION, uuid(), Instant.now(), RoomEvent.Type.MESSAGE,
				roomId, seq(stored), uuid(), stored.getString("senderId"), stored.getString("senderName"), "forged",
				Instant.parse(stored.getString("sentAt")), stored.getString("prevHash"), HashChain.GENESIS);
		KafkaProducer<String, byte[]> producer = TopicReader.producer();
		producer.send(new ProducerRecord<>(Topics.CHAT_ROOM_EVENTS, roomId,
				EventSerde.of(RoomEvent.class).serialize(Topics.CHAT_ROOM_EVENTS, forged)));
		producer.flush();
	}

	private static Document byText(List<Document> documents, String text) {
		return documents.stream()
			.filter((document) -> text.equals(document.getString("text")))
			.findFirst()
			.orElseThrow();
	}

	private static long seq(Document document) {
		return ((Number) document.get("seq")).longValue();
	}

	private static String uuid() {
		return UUID.randomUUID().toString();
	}

}
