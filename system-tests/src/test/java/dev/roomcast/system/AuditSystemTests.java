package dev.roomcast.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.roomcast.events.EventJson;
import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.infra.server.InfraPaths;
import dev.roomcast.testsupport.kafka.TopicReader;
import dev.roomcast.system.support.AuditKeys;
import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.system.support.StoredMessages;
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

			awaitRebuilt(auditor, startRebuild(auditor, roomId));
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
		// its frames are refused: waiting long for their receipts proves nothing
		try (StompTestClient chat = StompTestClient.connect(this.system.gatewayUrl(), auditor, Duration.ofSeconds(2))) {
			assertThat(chat.send(room.roomId(), uuid(), "auditors do not chat").join()).isFalse();
			await().atMost(PIPELINE).until(() -> chat.errors().size() >= 1);
			assertThat(chat.errors().get(0).get("code").asString()).isEqualTo("NOT_A_MEMBER");
			chat.joinRoom(room.roomId());
			await().atMost(PIPELINE).until(() -> chat.errors().size() >= 2);
			assertThat(chat.errors().get(1).get("code").asString()).isEqualTo("NOT_A_MEMBER");
			assertThat(chat.messages(room.roomId())).isEmpty();
		}
	}

	@Test
	void rebuildKilledMidwayResumesAfterARestartLosingAndDoublingNothing() {
		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		String roomId = room.roomId();
		StoredMessages stored = new StoredMessages(this.system);
		// paced, so that the kill lands while the rebuild reads the log
		this.system.kill(RoomcastService.PERSISTENCE);
		this.system.start(RoomcastService.PERSISTENCE, Map.of("roomcast.audit.rebuild.max-events-per-second", "50",
				"roomcast.audit.rebuild.batch-size", "20"));
		boolean paced = true;
		try (StompTestClient alice = StompTestClient.connect(this.system.gatewayUrl(), room.alice());
				MongoClient client = MongoClients.create(this.system.infra().mongoUri())) {
			List<CompletableFuture<Boolean>> receipts = send(alice, roomId, 0, 600);
			assertThat(receipts.stream().map(CompletableFuture::join)).containsOnly(true);
			await().atMost(PIPELINE).until(() -> stored.count(roomId) == 600);
			MongoDatabase database = client.getDatabase(RoomcastService.PERSISTENCE.database());
			MongoCollection<Document> messages = database.getCollection("messages");
			long first = ChatRoom.FIRST_MESSAGE_SEQ;
			messages.deleteOne(Filters.and(Filters.eq("roomId", roomId), Filters.eq("seq", first + 100)));
			messages.updateOne(Filters.and(Filters.eq("roomId", roomId), Filters.eq("seq", first + 200)),
					Updates.set("text", "tampered"));
			messages.insertOne(new Document("roomId", roomId).append("seq", first + 5000)
				.append("type", "MESSAGE")
				.append("text", "inserted"));

			ApiClient auditor = new ApiClient(this.system.gatewayUrl());
			auditor.login(AuditKeys.AUDITOR, AuditKeys.AUDITOR_PASSWORD);
			String rebuildId = startRebuild(auditor, roomId);
			receipts = send(alice, roomId, 600, 650);
			await().atMost(PIPELINE).pollInterval(Duration.ofMillis(200)).until(() -> {
				JsonNode status = auditor.get("/api/audit/rebuilds/" + rebuildId).body();
				assertThat(status.get("status").asString()).isEqualTo("RUNNING");
				return status.get("eventsRead").asLong() >= 40;
			});
			this.system.kill(RoomcastService.PERSISTENCE);
			assertThat(receipts.stream().map(CompletableFuture::join)).containsOnly(true);
			Document interrupted = database.getCollection("audit_rebuilds").find(Filters.eq("_id", rebuildId)).first();
			assertThat(interrupted.getString("status")).isEqualTo("RUNNING");
			assertThat(interrupted.get("phase")).isNull();

			// sent while persistence-service is down, then while the rebuild resumes
			receipts = send(alice, roomId, 650, 700);
			assertThat(receipts.stream().map(CompletableFuture::join)).containsOnly(true);
			this.system.start(RoomcastService.PERSISTENCE);
			paced = false;
			receipts = send(alice, roomId, 700, 750);
			assertThat(receipts.stream().map(CompletableFuture::join)).containsOnly(true);
			awaitRebuilt(auditor, rebuildId);
			await().atMost(PIPELINE).until(() -> stored.count(roomId) >= 750);
			assertThat(stored.seqs(roomId)).isEqualTo(LongStream.range(first, first + 750).boxed().toList());
			List<Document> history = messages.find(Filters.eq("roomId", roomId))
				.sort(Sorts.ascending("seq"))
				.into(new ArrayList<>());
			assertThat(history).hasSize((int) (first - 1) + 750);
			for (int i = 0; i < 750; i++) {
				Document message = history.get((int) (first - 1) + i);
				assertThat(message.getString("text")).as("seq %d", seq(message)).isEqualTo("message " + i);
			}
			JsonNode trail = auditor.get("/api/audit/trail?size=200").body();
			assertThat(trail.valueStream()
				.filter((entry) -> rebuildId.equals(entry.path("detail").path("rebuildId").asString("")))
				.map((entry) -> entry.get("action").asString())).contains("REBUILD_RESUMED", "REBUILD_FINISHED");
			JsonNode after = replay(auditor, roomId);
			assertThat(after.get("valid").asBoolean()).as(after.toString()).isTrue();
		}
		finally {
			if (paced) {
				this.system.kill(RoomcastService.PERSISTENCE);
				this.system.start(RoomcastService.PERSISTENCE);
			}
		}
	}

	@Test
	void replayListsWhoWasAMemberAtEachMessageOfARoomWhoseMembersChanged() {
		ApiClient alice = new ApiClient(this.system.gatewayUrl());
		ApiClient bob = new ApiClient(this.system.gatewayUrl());
		ApiClient carol = new ApiClient(this.system.gatewayUrl());
		String aliceId = alice.signupNew("alice").get("id").asString();
		String bobId = bob.signupNew("bob").get("id").asString();
		String carolId = carol.signupNew("carol").get("id").asString();
		alice.befriend(bob);
		alice.befriend(carol);
		String roomId = alice.createGroup("Changing", List.of(bobId)).get("id").asString();
		try (StompTestClient aliceChat = StompTestClient.connect(this.system.gatewayUrl(), alice)) {
			assertThat(aliceChat.send(roomId, uuid(), "before carol").join()).isTrue();
			alice.addMember(roomId, carolId);
			try (StompTestClient carolChat = StompTestClient.connect(this.system.gatewayUrl(), carol)) {
				await().atMost(PIPELINE).until(() -> carolChat.send(roomId, uuid(), "carol here").join());
			}
			assertThat(aliceChat.send(roomId, uuid(), "with carol").join()).isTrue();
			alice.removeMember(roomId, carolId);
			assertThat(aliceChat.send(roomId, uuid(), "after carol").join()).isTrue();
		}
		Map<String, Long> seqOf = new HashMap<>();
		await().atMost(PIPELINE).until(() -> {
			alice.history(roomId, 0, 50)
				.valueStream()
				.filter((event) -> "MESSAGE".equals(event.get("type").asString()))
				.forEach((event) -> seqOf.put(event.get("text").asString(), event.get("seq").asLong()));
			return seqOf.size() == 4;
		});

		ApiClient auditor = new ApiClient(this.system.gatewayUrl());
		auditor.login(AuditKeys.AUDITOR, AuditKeys.AUDITOR_PASSWORD);
		JsonNode report = replay(auditor, roomId);
		assertThat(report.get("valid").asBoolean()).as(report.toString()).isTrue();
		JsonNode ranges = report.get("membership").get(roomId);
		assertThat(membersAt(ranges, 1)).containsExactly(aliceId);
		assertThat(membersAt(ranges, seqOf.get("before carol"))).containsExactlyInAnyOrder(aliceId, bobId);
		assertThat(membersAt(ranges, seqOf.get("carol here"))).containsExactlyInAnyOrder(aliceId, bobId, carolId);
		assertThat(membersAt(ranges, seqOf.get("with carol"))).containsExactlyInAnyOrder(aliceId, bobId, carolId);
		assertThat(membersAt(ranges, seqOf.get("after carol"))).containsExactlyInAnyOrder(aliceId, bobId);
		// the ranges cover the log from seq 1 to its end, one after the other
		assertThat(ranges.get(0).get("fromSeq").asLong()).isEqualTo(1);
		for (int i = 1; i < ranges.size(); i++) {
			assertThat(ranges.get(i).get("fromSeq").asLong()).isEqualTo(ranges.get(i - 1).get("toSeq").asLong() + 1);
		}
		assertThat(ranges.get(ranges.size() - 1).get("toSeq").asLong()).isEqualTo(seqOf.get("after carol"));
	}

	@Test
	void theCommandLineCreatesAnAuditorAndItsReplayExitsNonZeroWithTheReportAfterTampering() throws Exception {
		String name = ApiClient.uniqueName("cli");
		String password = "cli-auditor-secret";
		Command created = roomcast(password, "auditor", "create", name,
				"--mongodb-uri=" + this.system.infra().mongoUri() + "/" + RoomcastService.ACCOUNT.database());
		assertThat(created.exitCode()).as(created.toString()).isZero();
		assertThat(created.stdout()).contains("Auditor " + name + " created");

		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		try (StompTestClient alice = StompTestClient.connect(this.system.gatewayUrl(), room.alice())) {
			assertThat(send(alice, room.roomId(), 0, 20).stream().map(CompletableFuture::join)).containsOnly(true);
		}
		StoredMessages stored = new StoredMessages(this.system);
		await().atMost(PIPELINE).until(() -> stored.count(room.roomId()) == 20);
		Command clean = roomcast(password, "audit", "replay", "--room", room.roomId(), "--url",
				this.system.gatewayUrl(), "--user", name);
		assertThat(clean.exitCode()).as(clean.toString()).isZero();
		assertThat(EventJson.mapper().readTree(clean.stdout()).get("valid").asBoolean()).isTrue();

		long altered = ChatRoom.FIRST_MESSAGE_SEQ + 7;
		try (MongoClient client = MongoClients.create(this.system.infra().mongoUri())) {
			client.getDatabase(RoomcastService.PERSISTENCE.database())
				.getCollection("messages")
				.updateOne(Filters.and(Filters.eq("roomId", room.roomId()), Filters.eq("seq", altered)),
						Updates.set("text", "tampered"));
		}
		Command tampered = roomcast(password, "audit", "replay", "--room", room.roomId(), "--url",
				this.system.gatewayUrl(), "--user", name);
		assertThat(tampered.exitCode()).as(tampered.toString()).isEqualTo(1);
		JsonNode report = EventJson.mapper().readTree(tampered.stdout());
		assertThat(report.get("valid").asBoolean()).isFalse();
		assertThat(report.get("altered").get(0).get("seq").asLong()).isEqualTo(altered);
		assertThat(report.get("altered").get(0).get("fields").get("text").get("store").asString())
			.isEqualTo("tampered");

		Command wrongPassword = roomcast("not-the-password", "audit", "replay", "--room", room.roomId(), "--url",
				this.system.gatewayUrl(), "--user", name);
		assertThat(wrongPassword.exitCode()).as(wrongPassword.toString()).isEqualTo(2);
	}

	/** Runs {@code ./roomcast} from the checkout with an auditor password. */
	private static Command roomcast(String password, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("./roomcast"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(InfraPaths.root().toFile());
		builder.environment().put("ROOMCAST_AUDITOR_PASSWORD", password);
		Path stderr = Files.createTempFile("roomcast-cli", ".err");
		Process process = builder.redirectError(stderr.toFile()).start();
		String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(PIPELINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		String errors = Files.readString(stderr);
		Files.delete(stderr);
		return new Command(process.exitValue(), stdout, errors);
	}

	private record Command(int exitCode, String stdout, String stderr) {
	}

	/** The ids of the members in force at a seq, from a replay's membership ranges. */
	private static List<String> membersAt(JsonNode ranges, long seq) {
		for (JsonNode range : ranges) {
			if (range.get("fromSeq").asLong() <= seq && seq <= range.get("toSeq").asLong()) {
				return range.get("members")
					.valueStream()
					.map((member) -> member.asString().substring(0, member.asString().indexOf(' ')))
					.toList();
			}
		}
		throw new AssertionError("no membership range holds seq " + seq + ": " + ranges);
	}

	private static List<CompletableFuture<Boolean>> send(StompTestClient sender, String roomId, int from, int to) {
		List<CompletableFuture<Boolean>> receipts = new ArrayList<>();
		for (int i = from; i < to; i++) {
			receipts.add(sender.send(roomId, uuid(), "message " + i));
		}
		return receipts;
	}

	private static String startRebuild(ApiClient auditor, String roomId) {
		ApiClient.Response started = auditor.post("/api/audit/rebuilds", Map.of("roomId", roomId));
		assertThat(started.status()).as(started.text()).isEqualTo(202);
		return started.body().get("rebuildId").asString();
	}

	private static void awaitRebuilt(ApiClient auditor, String rebuildId) {
		await().atMost(PIPELINE).pollInterval(Duration.ofMillis(500)).until(() -> {
			JsonNode status = auditor.get("/api/audit/rebuilds/" + rebuildId).body();
			assertThat(status.get("status").asString()).isNotEqualTo("FAILED");
			return "DONE".equals(status.get("status").asString());
		});
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
