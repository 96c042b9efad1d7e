package dev.roomcast.persistence.message;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.roomcast.events.EventJson;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomDirectory;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.RoomSnapshot;
import dev.roomcast.events.Topics;
import dev.roomcast.session.SessionUser;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.kafka.TopicReader;
import dev.roomcast.testsupport.session.StoredSessions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@RoomcastIntegrationTest
class MessageHistoryIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MessageRepository repository;

	@Autowired
	RoomDirectory directory;

	@Autowired
	SessionRepository<? extends Session> sessions;

	private String room;

	private List<RoomEvent> events;

	private ApiClient ada;

	@BeforeEach
	void roomWithHistory() {
		this.room = "room-" + UUID.randomUUID();
		this.events = RoomEvents.chain(this.room, 120);
		this.repository.storeAll(this.events);
		publishRoom(this.room, "u-ada", "u-bob");
		await().atMost(Duration.ofSeconds(30)).until(() -> this.directory.isMember(this.room, "u-ada"));
		this.ada = client(new SessionUser("u-ada", "ada", "Ada"));
	}

	@Test
	void withoutSeqGivesTheLatestPageOfFiftyInAscendingOrder() {
		JsonNode page = getOk("");
		assertThat(seqsOf(page)).containsExactlyElementsOf(seqs(71, 120));
	}

	@Test
	void afterSeqPagesForward() {
		assertThat(seqsOf(getOk("?afterSeq=100&limit=10"))).containsExactlyElementsOf(seqs(101, 110));
		assertThat(seqsOf(getOk("?afterSeq=0&limit=3"))).containsExactly(1L, 2L, 3L);
		assertThat(seqsOf(getOk("?afterSeq=115&limit=200"))).containsExactlyElementsOf(seqs(116, 120));
		assertThat(getOk("?afterSeq=120")).isEmpty();
	}

	@Test
	void beforeSeqPagesBackInAscendingOrder() {
		assertThat(seqsOf(getOk("?beforeSeq=21&limit=200"))).containsExactlyElementsOf(seqs(1, 20));
		assertThat(seqsOf(getOk("?beforeSeq=100&limit=5"))).containsExactlyElementsOf(seqs(95, 99));
		assertThat(getOk("?beforeSeq=1")).isEmpty();
	}

	@Test
	void itemsHaveTheLiveMessageShapeAndVerify() {
		JsonNode first = getOk("?afterSeq=0&limit=1").get(0);
		assertThat(names(first)).containsExactlyInAnyOrder("type", "roomId", "seq", "messageId", "senderId",
				"senderName", "text", "sentAt", "prevHash", "hash", "memberId", "memberName", "targetSeq", "editedAt",
				"deleted");
		assertThat(first.get("type").asString()).isEqualTo("MESSAGE");
		RoomEvent expected = this.events.get(0);
		assertThat(first.get("sentAt").asString()).isEqualTo(expected.sentAt().toString());
		RoomEvent read = EventJson.mapper().treeToValue(first, RoomEvent.class);
		RoomEvent asEvent = new RoomEvent(1, null, null, RoomEvent.Type.MESSAGE, read.roomId(), read.seq(),
				read.messageId(), read.senderId(), read.senderName(), read.text(), read.sentAt(), read.prevHash(),
				read.hash());
		assertThat(HashChain.verifies(asEvent)).isTrue();
		assertThat(asEvent.hash()).isEqualTo(expected.hash());
	}

	/** Makes a new room of u-ada with the given log stored, the room of the requests. */
	private List<RoomEvent> storedRoomOfAda(java.util.function.Function<String, List<RoomEvent>> log) {
		this.room = "room-" + UUID.randomUUID();
		List<RoomEvent> events = log.apply(this.room);
		this.repository.storeAll(events);
		publishRoom(this.room, "u-ada");
		await().atMost(Duration.ofSeconds(30)).until(() -> this.directory.isMember(this.room, "u-ada"));
		return events;
	}

	@Test
	void returnsTheLatestTextOfAnEditedMessageAndATombstoneWithoutTheRemovedText() {
		List<RoomEvent> events = storedRoomOfAda(RoomEvents::withChanges);
		JsonNode page = getOk("");
		assertThat(seqsOf(page)).containsExactlyElementsOf(seqs(1, 7));
		assertThat(page.valueStream().map((item) -> item.get("type").asString()).toList()).containsExactly("MESSAGE",
				"MESSAGE", "EDIT", "EDIT", "MESSAGE", "EDIT", "DELETE");
		JsonNode edited = page.get(0);
		assertThat(edited.get("text").asString()).isEqualTo("final");
		assertThat(edited.get("editedAt").asString()).isEqualTo(events.get(3).occurredAt().toString());
		assertThat(edited.get("deleted").asBoolean()).isFalse();
		assertThat(page.get(1).get("editedAt").isNull()).isTrue();
		JsonNode tombstone = page.get(4);
		assertThat(tombstone.get("deleted").asBoolean()).isTrue();
		assertThat(tombstone.get("text").isNull()).isTrue();
		for (int i : new int[] { 2, 3, 5, 6 }) {
			assertThat(page.get(i).get("text").isNull()).isTrue();
			assertThat(page.get(i).get("targetSeq").asLong()).isEqualTo((i == 2 || i == 3) ? 1 : 5);
		}
		assertThat(page.toString()).doesNotContain("regret").doesNotContain("draft");
	}

	@Test
	void returnsMembershipEventsWithTheirTypeAndMember() {
		storedRoomOfAda(RoomEvents::withMembership);
		JsonNode page = getOk("");
		assertThat(page.valueStream().map((item) -> item.get("type").asString()).toList())
			.containsExactly("ROOM_CREATED", "MEMBER_ADDED", "MESSAGE", "MEMBER_LEFT");
		JsonNode added = page.get(1);
		assertThat(added.get("senderId").asString()).isEqualTo("u-ada");
		assertThat(added.get("memberId").asString()).isEqualTo("u-bob");
		assertThat(added.get("memberName").asString()).isEqualTo("Name of u-bob");
		assertThat(added.get("text").isNull()).isTrue();
		assertThat(page.valueStream().map((item) -> EventJson.mapper().treeToValue(item, RoomEvent.class)))
			.allMatch(HashChain::verifies);
	}

	@Test
	void auditVerifiesTheStoredChainForAMember() {
		ApiClient.Response response = this.ada.get(path("/audit", ""));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		JsonNode result = response.body();
		assertThat(result.get("valid").asBoolean()).isTrue();
		assertThat(result.get("messages").asLong()).isEqualTo(120);
		assertThat(result.get("lastSeq").asLong()).isEqualTo(120);
		ApiClient eve = client(new SessionUser("u-eve", "eve", "Eve"));
		assertThat(eve.get(path("/audit", "")).status()).isEqualTo(403);
	}

	@Test
	void rejectsALimitOutOfRangeNamingIt() {
		assertBadParameter("?limit=0", "limit");
		assertBadParameter("?limit=201", "limit");
		assertBadParameter("?limit=many", "limit");
	}

	@Test
	void rejectsBothAfterSeqAndBeforeSeqAndNegativeSeqs() {
		assertBadParameter("?afterSeq=1&beforeSeq=5", "afterSeq");
		assertBadParameter("?afterSeq=-1", "afterSeq");
		assertBadParameter("?beforeSeq=0", "beforeSeq");
		assertBadParameter("?afterSeq=x", "afterSeq");
	}

	@Test
	void refusesANonMemberWith403() {
		ApiClient eve = client(new SessionUser("u-eve", "eve", "Eve"));
		ApiClient.Response response = eve.get(path("/messages", ""));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body().get("detail").asString()).contains("not a member");
	}

	@Test
	void refusesARequestWithoutSessionWith401AndNoRedirect() {
		ApiClient.Response response = ApiClient.local(this.port).get(path("/messages", ""));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body().get("status").asInt()).isEqualTo(401);
		ApiClient unknownSession = ApiClient.local(this.port).withSession("no-such-session");
		assertThat(unknownSession.get(path("/messages", "")).status()).isEqualTo(401);
	}

	private void assertBadParameter(String query, String parameter) {
		ApiClient.Response response = this.ada.get(path("/messages", query));
		assertThat(response.status()).as(query).isEqualTo(400);
		assertThat(response.body().get("parameter").asString()).as(query).isEqualTo(parameter);
		assertThat(response.body().get("detail").asString()).as(query).contains(parameter);
	}

	private JsonNode getOk(String query) {
		ApiClient.Response response = this.ada.get(path("/messages", query));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response.body();
	}

	private String path(String resource, String query) {
		return "/api/rooms/" + this.room + resource + query;
	}

	private ApiClient client(SessionUser user) {
		return ApiClient.local(this.port).withSession(StoredSessions.signIn(this.sessions, user));
	}

	private static List<Long> seqsOf(JsonNode page) {
		return page.valueStream().map((item) -> item.get("seq").asLong()).toList();
	}

	private static List<String> names(JsonNode item) {
		return item.propertyNames().stream().toList();
	}

	private static List<Long> seqs(long from, long to) {
		return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
	}

	private static void publishRoom(String room, String... members) {
		RoomSnapshot snapshot = new RoomSnapshot(RoomSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(),
				Instant.now(), room, RoomSnapshot.Kind.GROUP, "Room", members[0], List.of(members), 1);
		TopicReader.publish(Topics.ACCOUNT_ROOMS, room, snapshot);
	}

}
