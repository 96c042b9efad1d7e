package dev.roomcast.infra.launcher;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run command's demo data ({@code ./run.sh --demo}): three users who are each other's
 * contacts, a group of the three, a direct room, and a short conversation in each, all
 * made through the public HTTP API and STOMP as a browser would. Running it again changes
 * nothing: users log in when they exist, contact requests and the direct room are
 * idempotent, the group is looked up by name, and messages are only sent to an empty
 * room, with fixed message ids (a repeated id is never a second message).
 */
final class DemoData {

	static final String PASSWORD = "roomcast-demo";

	static final List<String> USERNAMES = List.of("demo.alice", "demo.bob", "demo.carol");

	static final String GROUP = "Demo team";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private DemoData() {
	}

	/**
	 * Adds the demo data to a running system.
	 * @param args the gateway's URL, {@code http://127.0.0.1:8080} if none
	 */
	public static void main(String[] args) {
		seed((args.length > 0) ? args[0] : "http://127.0.0.1:8080");
	}

	/**
	 * Adds the demo data where it is missing and prints the logins.
	 * @param gatewayUrl for example {@code http://127.0.0.1:8080}
	 */
	static void seed(String gatewayUrl) {
		System.out.println("Adding the demo data...");
		try {
			List<User> users = new ArrayList<>();
			for (String username : USERNAMES) {
				users.add(User.signIn(gatewayUrl, username));
			}
			User alice = users.get(0);
			for (int i = 0; i < users.size(); i++) {
				for (int j = i + 1; j < users.size(); j++) {
					// a request, then the other side's request, which accepts it; both
					// harmless
					// when repeated
					users.get(i).call("POST", "/api/contacts", Map.of("username", users.get(j).username), 200);
					users.get(j).call("POST", "/api/contacts", Map.of("username", users.get(i).username), 200);
				}
			}
			String groupId = groupId(alice, users);
			String directId = alice.call("POST", "/api/rooms/direct", Map.of("userId", users.get(1).id), 200)
				.get("id")
				.asString();
			converse(groupId,
					List.of(message(alice, "Welcome to Roomcast! This is a group of the three of us."),
							message(users.get(1), "Hi both. Messages arrive live on every open page, in order."),
							message(users.get(2), "And reloading the page shows the history from MongoDB."),
							message(alice, "Try it: open a second browser (or a private window) as demo.bob.")));
			converse(directId, List.of(message(users.get(1), "Hi Alice, this is our direct room."),
					message(alice, "Only the two of us can read it.")));
			System.out.println("Demo users (password " + PASSWORD + "): " + String.join(", ", USERNAMES)
					+ "; they share the group \"" + GROUP + "\", and demo.alice and demo.bob a direct room.");
		}
		catch (RuntimeException ex) {
			System.err.println("Could not add the demo data: " + ex.getMessage());
		}
	}

	private static String groupId(User owner, List<User> users) {
		for (JsonNode room : owner.call("GET", "/api/rooms", null, 200)) {
			if (GROUP.equals(room.path("name").asString(""))) {
				return room.get("id").asString();
			}
		}
		List<String> others = users.stream().skip(1).map((user) -> user.id).toList();
		return owner.call("POST", "/api/rooms", Map.of("name", GROUP, "memberIds", others), 201).get("id").asString();
	}

	private static void converse(String roomId, List<Message> messages) {
		User reader = messages.get(0).from();
		// a room with history was seeded before; sending again would change nothing
		// either
		// (fixed message ids), this only saves the sends
		if (hasHistory(reader, roomId)) {
			return;
		}
		for (int i = 0; i < messages.size(); i++) {
			Message message = messages.get(i);
			// the same id for the same line of the same room, at every run
			UUID messageId = UUID.nameUUIDFromBytes((roomId + "/" + i).getBytes(StandardCharsets.UTF_8));
			retrying(() -> {
				message.from().send(roomId, messageId, message.text());
				return null;
			});
		}
	}

	private static boolean hasHistory(User reader, String roomId) {
		try {
			return !reader.call("GET", "/api/rooms/" + roomId + "/messages?limit=1", null, 200).isEmpty();
		}
		catch (IllegalStateException ex) {
			// a new room reaches persistence-service's membership view through Kafka a
			// moment
			// after account-service created it; until then it answers "not a member"
			return false;
		}
	}

	/**
	 * Retries a step for up to two minutes: a new room reaches the gateway's membership
	 * view through Kafka ({@code account.rooms}) a moment after account-service created
	 * it, and until then a send is refused as "not a member".
	 */
	private static <T> T retrying(Supplier<T> action) {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (true) {
			try {
				return action.get();
			}
			catch (IllegalStateException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	private static Message message(User from, String text) {
		return new Message(from, text);
	}

	private record Message(User from, String text) {
	}

	/** One signed-in demo user: its cookies and CSRF token, as a browser keeps them. */
	private static final class User {

		private final String gatewayUrl;

		private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

		private final HttpClient http;

		private final String username;

		private String id;

		private String csrfToken;

		private User(String gatewayUrl, String username) {
			this.gatewayUrl = gatewayUrl;
			this.username = username;
			this.http = HttpClient.newBuilder().cookieHandler(this.cookies).connectTimeout(TIMEOUT).build();
		}

		static User signIn(String gatewayUrl, String username) {
			User user = new User(gatewayUrl, username);
			user.refreshCsrf();
			Response login = user.request("POST", "/api/auth/login",
					Map.of("username", username, "password", PASSWORD));
			JsonNode me;
			if (login.status() == 200) {
				me = login.body();
			}
			else if (login.status() == 401) {
				user.refreshCsrf();
				String displayName = Character.toUpperCase(username.charAt(5)) + username.substring(6) + " (demo)";
				me = user.expect(201,
						user.request("POST", "/api/auth/signup",
								Map.of("username", username, "password", PASSWORD, "displayName", displayName)),
						"sign up " + username);
			}
			else {
				throw new IllegalStateException(
						"log in as " + username + " answered " + login.status() + " " + login.text());
			}
			user.id = me.get("id").asString();
			user.refreshCsrf();
			return user;
		}

		JsonNode call(String method, String path, Object body, int expected) {
			return expect(expected, request(method, path, body), method + " " + path);
		}

		void send(String roomId, UUID messageId, String text) {
			Stomp stomp = new Stomp();
			URI uri = URI.create(this.gatewayUrl.replaceFirst("^http", "ws") + "/ws");
			try {
				WebSocket socket = this.http.newWebSocketBuilder()
					.header("Cookie", cookieHeader())
					.header("Origin", "http://localhost:" + uri.getPort())
					.connectTimeout(TIMEOUT)
					.buildAsync(uri, stomp)
					.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				socket
					.sendText("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nX-XSRF-TOKEN:"
							+ this.csrfToken + "\n\n\0", true)
					.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				stomp.await("CONNECTED");
				// a refusal (rate, membership, text) comes as an error message, not as a
				// receipt
				socket.sendText("SUBSCRIBE\nid:errors\ndestination:/user/queue/errors\nreceipt:errors\n\n\0", true)
					.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				stomp.await("RECEIPT");
				String body = JSON.writeValueAsString(Map.of("messageId", messageId.toString(), "text", text));
				socket
					.sendText("SEND\ndestination:/app/rooms/" + roomId
							+ "/messages\ncontent-type:application/json\nreceipt:demo\n\n" + body + "\0", true)
					.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				stomp.await("RECEIPT");
				socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException("send as " + this.username + " to room " + roomId + ": " + ex, ex);
			}
		}

		private void refreshCsrf() {
			this.csrfToken = expect(200, request("GET", "/api/auth/csrf", null), "GET /api/auth/csrf").get("token")
				.asString();
		}

		private String cookieHeader() {
			return this.cookies.getCookieStore()
				.getCookies()
				.stream()
				.map(HttpCookie::toString)
				.collect(Collectors.joining("; "));
		}

		private Response request(String method, String path, Object body) {
			try {
				HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.gatewayUrl + path))
					.timeout(TIMEOUT);
				if (body != null) {
					builder.header("Content-Type", "application/json");
				}
				if (!method.equals("GET") && this.csrfToken != null) {
					builder.header("X-XSRF-TOKEN", this.csrfToken);
				}
				builder.method(method,
						(body != null) ? HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))
								: HttpRequest.BodyPublishers.noBody());
				HttpResponse<String> response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
				String text = response.body();
				return new Response(response.statusCode(), text.isBlank() ? null : JSON.readTree(text), text);
			}
			catch (IOException ex) {
				throw new IllegalStateException(method + " " + path + ": " + ex.getMessage(), ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(method + " " + path + " interrupted", ex);
			}
		}

		private JsonNode expect(int status, Response response, String what) {
			if (response.status() != status) {
				throw new IllegalStateException(what + " as " + this.username + " answered " + response.status()
						+ " (expected " + status + "): " + response.text());
			}
			return response.body();
		}

	}

	private record Response(int status, JsonNode body, String text) {
	}

	/**
	 * Queues STOMP frames for {@link #await}; an ERROR frame or a refusal fails the wait.
	 */
	private static final class Stomp implements WebSocket.Listener {

		private final StringBuilder partial = new StringBuilder();

		private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				// a message may carry several frames, each ended by a NUL
				for (String frame : this.partial.toString().split("\0")) {
					if (!frame.isBlank()) {
						this.frames.add(frame.stripLeading());
					}
				}
				this.partial.setLength(0);
			}
			socket.request(1);
			return null;
		}

		void await(String command) throws InterruptedException {
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (true) {
				String frame = this.frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (frame == null) {
					throw new IllegalStateException("no " + command + " within " + TIMEOUT);
				}
				if (frame.startsWith(command + "\n")) {
					return;
				}
				if (frame.startsWith("ERROR\n") || frame.startsWith("MESSAGE\n")) {
					throw new IllegalStateException("the gateway answered " + frame.replace("\0", ""));
				}
			}
		}

	}

}
