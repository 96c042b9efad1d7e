package dev.roomcast.persistence.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.roomcast.events.ChainHeadSigned;
import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.persistence.message.RoomEvents;
import dev.roomcast.testsupport.kafka.TopicReader;
import dev.roomcast.testsupport.session.StoredSessions;
import dev.roomcast.persistence.TestSigningKeys;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.persistence.message.ProjectionCollections;
import dev.roomcast.session.SessionUser;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@RoomcastIntegrationTest
class AuditReplayIntegrationTests {

	private static final EventSerde<RoomEvent> EVENTS = EventSerde.of(RoomEvent.class);

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	SessionRepository<? extends Session> sessions;

	@Autowired
	ProjectionCollections collections;

	@Autowired
	Rebuilds rebuilds;

	private com.mongodb.client.MongoCollection<Document> messages() {
		return this.mongo.getCollection(this.collections.active());
	}

	@Test
	void rebuildOfATamperedRoomRestoresTheLogKeepingEventsSentMeanwhile() {
		String room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = chain(room, 150);
		publish(room, events.subList(0, 100));
		messages().deleteOne(Filters.and(Filters.eq("roomId", room), Filters.eq("seq", 10)));
		messages().updateOne(Filters.and(Filters.eq("roomId", room), Filters.eq("seq", 20)),
				Updates.set("text", "forged"));
		messages().insertOne(new Document("roomId", room).append("seq", 500L).append("text", "inserted"));
		ApiClient auditor = auditor();
		ApiClient.Response started = auditor.post("/api/audit/rebuilds", Map.of("roomId", room));
		assertThat(started.status()).as(started.text()).isEqualTo(202);
		String rebuildId = started.body().get("rebuildId").asString();
		ApiClient.Response again = auditor.post("/api/audit/rebuilds", Map.of("roomId", room));
		String againId = ok(again).get("rebuildId").asString();
		publishRaw(room, events.subList(100, 150));
		for (String id : List.of(rebuildId, againId)) {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
				JsonNode status = ok(auditor.get("/api/audit/rebuilds/" + id));
				assertThat(status.get("status").asString()).isNotEqualTo("FAILED");
				return "DONE".equals(status.get("status").asString());
			});
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> storedCount(room) == 150);
		List<Document> stored = messages().find(Filters.eq("roomId", room))
			.sort(Sorts.ascending("seq"))
			.into(new ArrayList<>());
		assertThat(stored).extracting((document) -> document.get("seq", Number.class).longValue())
			.containsExactlyElementsOf(events.stream().map(RoomEvent::seq).toList());
		assertThat(stored).extracting((document) -> document.getString("hash"))
			.containsExactlyElementsOf(events.stream().map(RoomEvent::hash).toList());
		JsonNode report = replayReport(auditor, room);
		assertThat(report.get("valid").asBoolean()).as(report.toString()).isTrue();
	}

	@Test
	void aResumedRebuildDistrustsARepeatedSeqAndKeepsTheEventsAfterIt() {
		String room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = chain(room, 40);
		publish(room, events.subList(0, 30));
		Document offsets = new Document();
		try (KafkaConsumer<String, byte[]> consumer = TopicReader.consumerAtEnd(Topics.CHAT_ROOM_EVENTS,
				new ByteArrayDeserializer())) {
			for (TopicPartition partition : consumer.assignment()) {
				offsets.append(Integer.toString(partition.partition()), consumer.position(partition));
			}
		}
		// after the interrupted rebuild's saved offsets: a forged seq 5 that hashes
		// correctly and links to seq 4, then the genuine rest
		publishRaw(room, List.of(withHash(events.get(4), "forged", events.get(3).hash())));
		publishRaw(room, events.subList(30, 40));
		await().atMost(Duration.ofSeconds(30)).until(() -> storedCount(room) == 40);
		// the rebuild had written seqs 1 to 30 into its collection when it was killed
		String id = UUID.randomUUID().toString();
		String target = "messages_rebuild_" + id.replace("-", "");
		this.collections.startRebuilding(target, room);
		this.mongo.getCollection(target)
			.insertMany(messages().find(Filters.and(Filters.eq("roomId", room), Filters.lte("seq", 30)))
				.map((document) -> new Document(document).append("_id", new ObjectId()))
				.into(new ArrayList<>()));
		this.mongo.getCollection(Rebuilds.COLLECTION)
			.insertOne(new Document("_id", id).append("status", "RUNNING")
				.append("roomId", room)
				.append("target", target)
				.append("auditorId", "a-test")
				.append("offsets", offsets)
				.append("eventsRead", 30L)
				.append("eventsWritten", 30L)
				.append("startedAt", new Date()));

		this.rebuilds.resume();

		awaitRebuilt(id);
		assertThat(messages().find(Filters.eq("roomId", room)).sort(Sorts.ascending("seq")).into(new ArrayList<>()))
			.extracting((document) -> document.getString("hash"))
			.containsExactlyElementsOf(events.stream().map(RoomEvent::hash).toList());
		assertThat(this.collections.rebuilding()).isNull();
		assertThat(this.mongo.getDb().listCollectionNames().into(new ArrayList<>())).doesNotContain(target);
	}

	@Test
	void aRebuildResumedAfterItsSwapOnlyCleansUp() {
		String room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = chain(room, 20);
		publish(room, events);
		// killed after the swap and the drop of its collection, before saying DONE
		String id = UUID.randomUUID().toString();
		String target = "messages_rebuild_" + id.replace("-", "");
		this.collections.startRebuilding(target, room);
		this.mongo.getCollection(target).drop();
		this.mongo.getCollection(Rebuilds.COLLECTION)
			.insertOne(new Document("_id", id).append("status", "RUNNING")
				.append("roomId", room)
				.append("target", target)
				.append("auditorId", "a-test")
				.append("offsets", new Document())
				.append("phase", "SWAPPED")
				.append("startedAt", new Date()));

		this.rebuilds.resume();

		awaitRebuilt(id);
		assertThat(storedCount(room)).isEqualTo(20);
		assertThat(this.collections.rebuilding()).isNull();
	}

	private void awaitRebuilt(String id) {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			Object status = this.rebuilds.status(id).get("status");
			assertThat(status).isNotEqualTo("FAILED");
			return "DONE".equals(status);
		});
	}

	@Test
	void replayOfAnUntouchedRoomIsValidAndSignedHeadsVerify() {
		String room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = chain(room, 300);
		publish(room, events, 100, 200, 300);
		JsonNode report = replayReport(auditor(), room);
		assertThat(report.get("valid").asBoolean()).as(report.toString()).isTrue();
		assertThat(report.get("roomsChecked").asInt()).isEqualTo(1);
		assertThat(report.get("chain").get(room).get("valid").asBoolean()).isTrue();
		assertThat(report.get("chain").get(room).get("lastSeq").asLong()).isEqualTo(300);
		assertThat(report.get("missing")).isEmpty();
		assertThat(report.get("extra")).isEmpty();
		assertThat(report.get("altered")).isEmpty();
		assertThat(report.get("signedHeads").get("checked").asLong()).isEqualTo(3);
		assertThat(report.get("signedHeads").get("keyId").asString()).isEqualTo(TestSigningKeys.keyId());
		assertThat(report.get("signedHeads").get("problems")).isEmpty();
	}

	@Test
	void replayReportsADeletedAnAlteredAndAnExtraDocumentBySeqAndField() {
		String room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = chain(room, 120);
		publish(room, events);
		messages().deleteOne(Filters.and(Filters.eq("roomId", room), Filters.eq("seq", 10)));
		messages().updateOne(Filters.and(Filters.eq("roomId", room), Filters.eq("seq", 20)),
				Updates.set("text", "forged"));
		messages().insertOne(new Document("roomId", room).append("seq", 121L)
			.append("text", "inserted")
			.append("sentAt", Instant.now().toString()));
		JsonNode report = replayReport(auditor(), room);
		assertThat(report.get("valid").asBoolean()).isFalse();
		assertThat(report.get("chain").get(room).get("valid").asBoolean()).isTrue();
		assertThat(report.get("missing").valueStream().map(JsonNode::asLong).toList()).containsExactly(10L);
		assertThat(report.get("extra").valueStream().map(JsonNode::asLong).toList()).containsExactly(121L);
		assertThat(report.get("altered")).hasSize(1);
		JsonNode altered = report.get("altered").get(0);
		assertThat(altered.get("seq").asLong()).isEqualTo(20);
		assertThat(altered.get("fields").propertyNames()).containsExactly("text");
		assertThat(altered.get("fields").get("text").get("log").asString()).isEqualTo("message 20");
		assertThat(altered.get("fields").get("text").get("store").asString()).isEqualTo("forged");
	}

	@Test
	void replayOfARoomWithEditsAndDeletionsIsValidAndReportsThem() {
		String room = projectedRoomWithChanges();
		JsonNode report = replayReport(auditor(), room);
		assertThat(report.get("valid").asBoolean()).as(report.toString()).isTrue();
		JsonNode changes = report.get("changes").get(room);
		assertThat(changes.get("edits").asLong()).isEqualTo(3);
		assertThat(changes.get("deletions").asLong()).isEqualTo(1);
		assertThat(changes.get("items").valueStream().map((item) -> item.get("seq").asLong()).toList())
			.containsExactly(3L, 4L, 6L, 7L);
		assertThat(changes.get("items").get(3).get("type").asString()).isEqualTo("DELETE");
		assertThat(changes.get("items").get(3).get("targetSeq").asLong()).isEqualTo(5);
	}

	@Test
	void replayReportsAStoreThatKeptADeletedTextOrLostAnEdit() {
		String room = projectedRoomWithChanges();
		messages().updateOne(Filters.and(Filters.eq("roomId", room), Filters.eq("seq", 1)),
				Updates.combine(Updates.set("text", "first draft"), Updates.unset("editSeq")));
		messages().updateOne(Filters.and(Filters.eq("roomId", room), Filters.eq("seq", 5)),
				Updates.combine(Updates.set("text", "a regret"), Updates.unset("deleted")));
		JsonNode report = replayReport(auditor(), room);
		assertThat(report.get("valid").asBoolean()).isFalse();
		assertThat(report.get("chain").get(room).get("valid").asBoolean()).isTrue();
		assertThat(report.get("altered").valueStream().map((item) -> item.get("seq").asLong()).toList())
			.containsExactlyInAnyOrder(1L, 5L);
		for (JsonNode altered : report.get("altered")) {
			JsonNode text = altered.get("fields").get("text");
			if (altered.get("seq").asLong() == 1) {
				assertThat(text.get("log").asString()).isEqualTo("final");
				assertThat(text.get("store").asString()).isEqualTo("first draft");
			}
			else {
				assertThat(text.get("log").isNull()).isTrue();
				assertThat(text.get("store").asString()).isEqualTo("a regret");
				assertThat(altered.get("fields").get("deleted").get("log").asBoolean()).isTrue();
			}
		}
	}

	/** A room with edits and deletions in the log, once the projection applied them. */
	private String projectedRoomWithChanges() {
		String room = "room-" + UUID.randomUUID();
		publish(room, RoomEvents.withChanges(room));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> messages().countDocuments(
					Filters.and(Filters.eq("roomId", room), Filters.eq("seq", 5), Filters.eq("deleted", true))) == 1);
		return room;
	}

	@Test
	void signedHeadsCatchAStoreRewrittenWithARecomputedChain() {
		String room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = chain(room, 100);
		publish(room, events, 50, 100);
		// rewrite seq 30 and recompute every later hash, so the stored chain is
		// consistent
		String prevHash = events.get(28).hash();
		for (int seq = 30; seq <= 100; seq++) {
			RoomEvent original = events.get(seq - 1);
			RoomEvent rewritten = withHash(original, (seq == 30) ? "rewritten" : original.text(), prevHash);
			messages().updateOne(Filters.and(Filters.eq("roomId", room), Filters.eq("seq", seq)),
					Updates.combine(Updates.set("text", rewritten.text()),
							Updates.set("prevHash", rewritten.prevHash()), Updates.set("hash", rewritten.hash())));
			prevHash = rewritten.hash();
		}
		JsonNode report = replayReport(auditor(), room);
		assertThat(report.get("valid").asBoolean()).isFalse();
		List<String> headProblems = report.get("signedHeads")
			.get("problems")
			.valueStream()
			.map((problem) -> problem.get("seq").asLong() + " " + problem.get("problem").asString())
			.toList();
		assertThat(headProblems).containsExactlyInAnyOrder("50 the store's hash differs from the signed hash",
				"100 the store's hash differs from the signed hash");
	}

	@Test
	void forgedEventsInTheLogAreReportedAndLaterEventsStillChecked() {
		String room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = chain(room, 40);
		List<RoomEvent> withForgeries = new ArrayList<>(events.subList(0, 20));
		RoomEvent genuine5 = events.get(4);
		// a repeated seq, a wrong hash at the next seq and a skipped seq
		withForgeries.add(withHash(genuine5, "repeated", genuine5.prevHash()));
		RoomEvent next = events.get(20);
		withForgeries.add(new RoomEvent(next.schemaVersion(), UUID.randomUUID().toString(), next.occurredAt(),
				next.type(), room, next.seq(), next.messageId(), next.senderId(), next.senderName(), "tampered",
				next.sentAt(), next.prevHash(), next.hash()));
		RoomEvent skipping = events.get(30);
		withForgeries.add(withHash(skipping, "skipping", events.get(19).hash()));
		withForgeries.addAll(events.subList(20, 40));
		publishRaw(room, withForgeries);
		await().atMost(Duration.ofSeconds(30)).until(() -> storedCount(room) >= 40);
		JsonNode report = replayReport(auditor(), room);
		JsonNode chain = report.get("chain").get(room);
		assertThat(chain.get("valid").asBoolean()).isFalse();
		assertThat(chain.get("firstBrokenSeq").asLong()).isEqualTo(5);
		assertThat(chain.get("lastSeq").asLong()).isEqualTo(40);
		List<String> problems = report.get("logProblems")
			.valueStream()
			.map((problem) -> problem.get("seq").asLong() + " " + problem.get("problem").asString())
			.toList();
		assertThat(problems).containsExactly("5 seq 5 repeated (the chain is at 20)",
				"21 hash does not match the event's fields", "31 seq 31 skips seqs 21..30");
	}

	@Test
	void replayOfAllRoomsNamesTheRoomOfEachItem() {
		String room = "room-" + UUID.randomUUID();
		publish(room, chain(room, 10));
		messages().deleteOne(Filters.and(Filters.eq("roomId", room), Filters.eq("seq", 3)));
		ApiClient auditor = auditor();
		String replayId = startReplay(auditor, Map.of("all", true));
		JsonNode report = awaitDone(auditor, replayId);
		assertThat(report.get("roomsChecked").asInt()).isGreaterThanOrEqualTo(1);
		assertThat(report.get("missing")
			.valueStream()
			.filter((item) -> item.get("roomId").asString().equals(room))
			.map((item) -> item.get("seq").asLong())
			.toList()).containsExactly(3L);
	}

	@Test
	void everyActionIsInTheTrailAndThePublicKeyIsServed() {
		ApiClient auditor = auditor();
		String room = "room-" + UUID.randomUUID();
		String replayId = startReplay(auditor, Map.of("roomId", room));
		awaitDone(auditor, replayId);
		JsonNode trail = ok(auditor.get("/api/audit/trail?size=200"));
		assertThat(trail.valueStream()
			.filter((entry) -> replayId.equals(entry.get("detail").path("replayId").asString(null)))
			.map((entry) -> entry.get("action").asString())
			.toList()).contains("REPLAY_STARTED", "REPLAY_FINISHED");
		JsonNode key = ok(auditor.get("/api/audit/public-key"));
		assertThat(key.get("algorithm").asString()).isEqualTo("Ed25519");
		assertThat(key.get("publicKey").asString()).isEqualTo(TestSigningKeys.publicKeyBase64());
		assertThat(key.get("keyId").asString()).isEqualTo(TestSigningKeys.keyId());
	}

	@Test
	void onlyAuditorsReachTheAuditApiAndAuditorsReadNoHistory() {
		ApiClient user = client(new SessionUser("u-" + UUID.randomUUID(), "ada", "Ada"));
		for (String path : List.of("/api/audit/trail", "/api/audit/public-key", "/api/audit/replays/x")) {
			assertThat(user.get(path).status()).as(path).isEqualTo(403);
		}
		assertThat(user.post("/api/audit/replays", Map.of("all", true)).status()).isEqualTo(403);
		assertThat(user.post("/api/audit/rebuilds", Map.of("all", true)).status()).isEqualTo(403);
		assertThat(ApiClient.local(this.port).get("/api/audit/trail").status()).isEqualTo(401);
		ApiClient auditor = auditor();
		assertThat(auditor.get("/api/rooms/any/messages").status()).isEqualTo(403);
		assertThat(auditor.get("/api/rooms/any/audit").status()).isEqualTo(403);
		assertThat(auditor.post("/api/audit/replays", Map.of()).status()).isEqualTo(400);
		assertThat(auditor.post("/api/audit/replays", Map.of("roomId", "r", "all", true)).status()).isEqualTo(400);
		assertThat(auditor.get("/api/audit/replays/unknown").status()).isEqualTo(404);
	}

	private JsonNode replayReport(ApiClient auditor, String room) {
		return awaitDone(auditor, startReplay(auditor, Map.of("roomId", room)));
	}

	private String startReplay(ApiClient auditor, Map<String, Object> body) {
		ApiClient.Response response = auditor.post("/api/audit/replays", body);
		assertThat(response.status()).as(response.text()).isEqualTo(202);
		return response.body().get("replayId").asString();
	}

	private JsonNode awaitDone(ApiClient auditor, String replayId) {
		JsonNode[] done = new JsonNode[1];
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			JsonNode progress = ok(auditor.get("/api/audit/replays/" + replayId));
			assertThat(progress.get("state").asString()).isNotEqualTo("FAILED");
			done[0] = progress;
			return "DONE".equals(progress.get("state").asString());
		});
		assertThat(done[0].get("percent").asDouble()).isEqualTo(100.0);
		assertThat(done[0].get("eventsRead").asLong()).isNotNegative();
		return done[0].get("report");
	}

	private void publish(String room, List<RoomEvent> events, long... signedSeqs) {
		publishRaw(room, events);
		KafkaProducer<String, byte[]> producer = TopicReader.producer();
		for (long seq : signedSeqs) {
			ChainHeadSigned head = TestSigningKeys.sign(room, seq, events.get((int) seq - 1).hash());
			producer.send(new ProducerRecord<>(Topics.CHAT_CHAIN_HEADS, room,
					EventSerde.of(ChainHeadSigned.class).serialize(Topics.CHAT_CHAIN_HEADS, head)));
		}
		producer.flush();
		await().atMost(Duration.ofSeconds(30)).until(() -> storedCount(room) == events.size());
	}

	private static void publishRaw(String room, List<RoomEvent> events) {
		KafkaProducer<String, byte[]> producer = TopicReader.producer();
		for (RoomEvent event : events) {
			producer.send(new ProducerRecord<>(Topics.CHAT_ROOM_EVENTS, room,
					EVENTS.serialize(Topics.CHAT_ROOM_EVENTS, event)));
		}
		producer.flush();
	}

	private long storedCount(String room) {
		return messages().countDocuments(Filters.eq("roomId", room));
	}

	static List<RoomEvent> chain(String roomId, int count) {
		List<RoomEvent> events = new ArrayList<>(count);
		String prevHash = HashChain.GENESIS;
		Instant start = Instant.parse("2026-11-27T08:00:00.123456789Z");
		for (int seq = 1; seq <= count; seq++) {
			RoomEvent unhashed = new RoomEvent(RoomEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
					Instant.parse("2026-11-27T08:00:01.250Z"), RoomEvent.Type.MESSAGE, roomId, seq,
					UUID.randomUUID().toString(), "u-ada", "Ada", "message " + seq, start.plusMillis(seq), prevHash,
					null);
			RoomEvent event = withHash(unhashed, unhashed.text(), prevHash);
			events.add(event);
			prevHash = event.hash();
		}
		return events;
	}

	static RoomEvent withHash(RoomEvent event, String text, String prevHash) {
		RoomEvent unhashed = new RoomEvent(event.schemaVersion(), event.eventId(), event.occurredAt(), event.type(),
				event.roomId(), event.seq(), event.messageId(), event.senderId(), event.senderName(), text,
				event.sentAt(), prevHash, null);
		return new RoomEvent(event.schemaVersion(), event.eventId(), event.occurredAt(), event.type(), event.roomId(),
				event.seq(), event.messageId(), event.senderId(), event.senderName(), text, event.sentAt(), prevHash,
				HashChain.hash(prevHash, unhashed));
	}

	private ApiClient auditor() {
		return client(new SessionUser("a-" + UUID.randomUUID(), "auditor", "Auditor", SessionUser.Role.AUDITOR));
	}

	private ApiClient client(SessionUser user) {
		return ApiClient.local(this.port).withSession(StoredSessions.signIn(this.sessions, user));
	}

	private static JsonNode ok(ApiClient.Response response) {
		assertThat(response.status()).as(response.text()).isBetween(200, 299);
		return response.body();
	}

}
