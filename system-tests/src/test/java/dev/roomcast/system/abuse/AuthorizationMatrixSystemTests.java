package dev.roomcast.system.abuse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.roomcast.system.support.AuditKeys;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.http.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may do what, for every HTTP endpoint and STOMP destination, as {@link #MATRIX} (the
 * same table as {@code docs/api.md}, "Authorization") says: each kind of caller gets
 * exactly its answer. The room is alice's group, which the member belongs to and the
 * removed member was taken out of; for the blocked user it is the direct room alice had
 * with him before she blocked him. Cells run in table order against one set of users, so
 * a row's successes (a member leaving) come after every row that needs the member.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixSystemTests {

	/**
	 * Answers: an HTTP status; for STOMP {@code CONNECTED}, {@code RECEIPT}, or the code
	 * on {@code /user/queue/errors}; anonymous STOMP callers get the handshake's status.
	 */
	static final String MATRIX = """
			| request | anonymous | other user | member | removed member | blocked user | auditor |
			|---|---|---|---|---|---|---|
			| `GET /api/auth/csrf` | 200 | 200 | 200 | 200 | 200 | 200 |
			| `GET /api/me` | 401 | 200 | 200 | 200 | 200 | 200 |
			| `GET /api/users?q={ownerName}` | 401 | 200 | 200 | 200 | 200 | 403 |
			| `GET /api/contacts` | 401 | 200 | 200 | 200 | 200 | 403 |
			| `GET /api/rooms` | 401 | 200 | 200 | 200 | 200 | 403 |
			| `GET /api/rooms/{roomId}` | 401 | 403 | 200 | 403 | 403 | 403 |
			| `GET /api/rooms/{roomId}/messages` | 401 | 403 | 200 | 403 | 403 | 403 |
			| `GET /api/rooms/{roomId}/audit` | 401 | 403 | 200 | 403 | 403 | 403 |
			| `POST /api/rooms/{roomId}/members {"userId":"{selfId}"}` | 401 | 403 | 403 | 403 | 403 | 403 |
			| `DELETE /api/rooms/{roomId}/members/{ownerId}` | 401 | 403 | 403 | 403 | 403 | 403 |
			| `POST /api/rooms {"name":"Mine","memberIds":["{ownerId}"]}` | 401 | 403 | 201 | 201 | 403 | 403 |
			| `POST /api/rooms/direct {"userId":"{ownerId}"}` | 401 | 403 | 200 | 200 | 403 | 403 |
			| `POST /api/contacts {"username":"{ownerName}"}` | 401 | 200 | 200 | 200 | 403 | 403 |
			| `GET /api/audit/trail` | 401 | 403 | 403 | 403 | 403 | 200 |
			| `GET /api/audit/public-key` | 401 | 403 | 403 | 403 | 403 | 200 |
			| `POST /api/audit/replays {"roomId":"{roomId}"}` | 401 | 403 | 403 | 403 | 403 | 202 |
			| `CONNECT` | 401 | CONNECTED | CONNECTED | CONNECTED | CONNECTED | CONNECTED |
			| `SUBSCRIBE /user/queue/errors` | 401 | RECEIPT | RECEIPT | RECEIPT | RECEIPT | RECEIPT |
			| `SUBSCRIBE /topic/rooms/{roomId}` | 401 | NOT_A_MEMBER | RECEIPT | NOT_A_MEMBER | NOT_A_MEMBER | NOT_A_MEMBER |
			| `SEND /app/rooms/{roomId}/messages` | 401 | NOT_A_MEMBER | RECEIPT | NOT_A_MEMBER | NOT_A_MEMBER | NOT_A_MEMBER |
			| `DELETE /api/rooms/{roomId}/members/{selfId}` | 401 | 403 | 204 | 403 | 403 | 403 |
			""";

	static final List<String> CALLERS = List.of("anonymous", "other user", "member", "removed member", "blocked user",
			"auditor");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RoomcastSystem system = RoomcastSystem.shared();

	private final Map<String, Caller> callers = new java.util.HashMap<>();

	private String ownerId;

	private String ownerName;

	@BeforeAll
	void aliceHerGroupAndEveryKindOfCaller() {
		String gateway = this.system.gatewayUrl();
		ApiClient alice = new ApiClient(gateway);
		this.ownerId = alice.signupNew("owner").get("id").asString();
		this.ownerName = alice.me().get("username").asString();
		ApiClient member = new ApiClient(gateway);
		String memberId = member.signupNew("member").get("id").asString();
		ApiClient removed = new ApiClient(gateway);
		String removedId = removed.signupNew("removed").get("id").asString();
		ApiClient blocked = new ApiClient(gateway);
		String blockedId = blocked.signupNew("blocked").get("id").asString();
		ApiClient other = new ApiClient(gateway);
		String otherId = other.signupNew("other").get("id").asString();
		ApiClient auditor = new ApiClient(gateway);
		String auditorId = auditor.login(AuditKeys.AUDITOR, AuditKeys.AUDITOR_PASSWORD).get("id").asString();
		alice.befriend(member);
		alice.befriend(removed);
		alice.befriend(blocked);
		String group = alice.createGroup("Matrix", List.of(memberId, removedId)).get("id").asString();
		alice.removeMember(group, removedId);
		String direct = alice.directRoom(blockedId).get("id").asString();
		alice.blockContact(blockedId);
		// both removals are ordered: the gateways' room directories have long had them
		await().atMost(Duration.ofSeconds(30)).until(() -> types(alice, group).contains("MEMBER_REMOVED"));
		this.callers.put("anonymous", new Caller(new ApiClient(gateway), null, group));
		this.callers.put("other user", new Caller(other, otherId, group));
		this.callers.put("member", new Caller(member, memberId, group));
		this.callers.put("removed member", new Caller(removed, removedId, group));
		this.callers.put("blocked user", new Caller(blocked, blockedId, direct));
		this.callers.put("auditor", new Caller(auditor, auditorId, group));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> alice.history(direct, 0, 200).toString().contains("MEMBER_REMOVED"));
	}

	static Stream<Arguments> cells() {
		List<Arguments> cells = new ArrayList<>();
		for (String line : MATRIX.strip().split("\n")) {
			String[] columns = line.split("\\|");
			String request = columns[1].strip();
			if (!request.startsWith("`")) {
				continue;
			}
			assertThat(columns).as(line).hasSize(CALLERS.size() + 2);
			for (int i = 0; i < CALLERS.size(); i++) {
				cells.add(Arguments.of(request.substring(1, request.length() - 1), CALLERS.get(i),
						columns[i + 2].strip()));
			}
		}
		return cells.stream();
	}

	@ParameterizedTest(name = "{0} as {1}: {2}")
	@MethodSource("cells")
	void everyCallerGetsTheDocumentedAnswer(String request, String caller, String expected) throws Exception {
		Caller who = this.callers.get(caller);
		String filled = request.replace("{roomId}", who.roomId())
			.replace("{ownerId}", this.ownerId)
			.replace("{ownerName}", this.ownerName)
			.replace("{selfId}", (who.id() != null) ? who.id() : "nobody");
		String method = filled.substring(0, filled.indexOf(' ') < 0 ? filled.length() : filled.indexOf(' '));
		if (List.of("CONNECT", "SUBSCRIBE", "SEND").contains(method)) {
			assertThat(stomp(who, method, filled.substring(method.length()).strip())).isEqualTo(expected);
			return;
		}
		String rest = filled.substring(method.length() + 1);
		int space = rest.indexOf(' ');
		String path = (space < 0) ? rest : rest.substring(0, space);
		Object body = (space < 0) ? null : JSON.readValue(rest.substring(space + 1), Map.class);
		ApiClient.Response response = who.client().send(method, path, body, !method.equals("GET"));
		assertThat(response.status()).as("%s; body %s", filled, response.text()).isEqualTo(Integer.parseInt(expected));
		if (response.status() >= 400) {
			assertThat(response.header("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		}
	}

	/**
	 * The answer a STOMP caller gets: the handshake status, CONNECTED, RECEIPT or an
	 * error code.
	 */
	private String stomp(Caller who, String command, String destination) throws Exception {
		RawStomp stomp;
		try {
			stomp = (command.equals("CONNECT")) ? RawStomp.open(this.system.gatewayUrl(), who.client())
					: RawStomp.connected(this.system.gatewayUrl(), who.client());
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (ex.getCause() instanceof WebSocketHandshakeException handshake) {
				return Integer.toString(handshake.getResponse().statusCode());
			}
			throw ex;
		}
		try (stomp) {
			String receipt = "r-" + UUID.randomUUID();
			switch (command) {
				case "CONNECT" -> {
					stomp.text("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n"
							+ who.client().csrfHeaderName() + ":" + who.client().csrfToken() + "\n\n\0");
					return stomp.await("CONNECTED").command();
				}
				case "SUBSCRIBE" ->
					stomp.text("SUBSCRIBE\nid:s1\ndestination:" + destination + "\nreceipt:" + receipt + "\n\n\0");
				default -> stomp.text("SEND\ndestination:" + destination + "\ncontent-type:application/json\nreceipt:"
						+ receipt + "\n\n{\"messageId\":\"" + UUID.randomUUID() + "\",\"text\":\"matrix\"}\0");
			}
			await().atMost(RawStomp.WAIT)
				.until(() -> stomp.frames()
					.stream()
					.anyMatch((frame) -> frame.command().equals("RECEIPT")
							&& receipt.equals(frame.headers().get("receipt-id"))
							|| frame.command().equals("MESSAGE") && "errors".equals(frame.headers().get("subscription"))
							|| frame.command().equals("ERROR"))
						|| stomp.isClosed());
			return stomp.frames()
				.stream()
				.filter((frame) -> !frame.command().equals("CONNECTED")
						&& !"errors-r".equals(frame.headers().get("receipt-id")))
				.map((frame) -> switch (frame.command()) {
					case "MESSAGE" -> JSON.readTree(frame.body()).path("code").asString();
					default -> frame.command();
				})
				.findFirst()
				.orElse("closed");
		}
	}

	private static String types(ApiClient client, String roomId) {
		return client.history(roomId, 0, 200).toString();
	}

	private record Caller(ApiClient client, String id, String roomId) {
	}

}
