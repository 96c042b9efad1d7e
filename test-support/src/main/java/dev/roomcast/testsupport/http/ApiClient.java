package dev.roomcast.testsupport.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.roomcast.testsupport.session.StoredSessions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * One browser-like user of the HTTP API: its own cookie jar (the {@code SESSION} and
 * {@code XSRF-TOKEN} cookies), the CSRF token fetched from {@code GET /api/auth/csrf} and
 * sent in {@code X-XSRF-TOKEN} on every mutating request (fetched again after signup,
 * login and logout, which rotate it). The high-level methods return the parsed JSON and
 * throw {@link ApiException} on an unexpected status; {@link #get}, {@link #post} and
 * {@link #delete} return any status for failure tests. Not thread-safe.
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String baseUrl;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient http;

	private String xsrfToken;

	private String csrfHeaderName = "X-XSRF-TOKEN";

	private String forwardedFor;

	/**
	 * A client of one base URL.
	 * @param baseUrl for example {@code http://localhost:8080} (the gateway)
	 */
	public ApiClient(String baseUrl) {
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.http = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * A client of a service on a loopback port that claims its own random private address
	 * ({@code X-Forwarded-For}), so that per-address limits met by one test never touch
	 * another.
	 * @param port the service's port
	 * @return the client
	 */
	public static ApiClient local(int port) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return new ApiClient("http://localhost:" + port)
			.forwardedFor("10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255));
	}

	/**
	 * A fresh unique username, valid for signup.
	 * @param prefix a short readable prefix
	 * @return the prefix plus random characters, at most 32 characters
	 */
	public static String uniqueName(String prefix) {
		String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		return name.toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * Sends {@code X-Forwarded-For} on every request from now on, as a proxy in front of
	 * the service would.
	 * @param address the client address to claim
	 * @return this client
	 */
	public ApiClient forwardedFor(String address) {
		this.forwardedFor = address;
		return this;
	}

	/**
	 * The base URL of this client.
	 * @return the base URL
	 */
	public String baseUrl() {
		return this.baseUrl;
	}

	// --- auth ---

	public JsonNode signup(String username, String password, String displayName) {
		JsonNode user = expect(201, post("/api/auth/signup",
				Map.of("username", username, "password", password, "displayName", displayName)));
		this.xsrfToken = null;
		return user;
	}

	/**
	 * Signs up a new user with a unique name and the password {@code password123}.
	 * @param prefix the username prefix
	 * @return the user {@code {id, username, displayName}}
	 */
	public JsonNode signupNew(String prefix) {
		String username = uniqueName(prefix);
		return signup(username, "password123", "User " + username);
	}

	/**
	 * Signs up a new user with a unique name, as {@link #signupNew}, and stays signed in.
	 * @param prefix the username prefix
	 * @return this client
	 */
	public ApiClient withNewUser(String prefix) {
		signupNew(prefix);
		return this;
	}

	public JsonNode login(String username, String password) {
		JsonNode user = expect(200, post("/api/auth/login", Map.of("username", username, "password", password)));
		this.xsrfToken = null;
		return user;
	}

	public void logout() {
		expect(204, post("/api/auth/logout", null));
		this.xsrfToken = null;
	}

	public JsonNode me() {
		return expect(200, get("/api/me"));
	}

	/**
	 * The id of the user this client is signed in as.
	 * @return their id, from {@code GET /api/me}
	 */
	public String userId() {
		return me().get("id").asString();
	}

	/**
	 * The username of the user this client is signed in as.
	 * @return their username, from {@code GET /api/me}
	 */
	public String username() {
		return me().get("username").asString();
	}

	public JsonNode searchUsers(String prefix) {
		return expect(200, get("/api/users?q=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8)));
	}

	// --- contacts ---

	public JsonNode contacts() {
		return expect(200, get("/api/contacts"));
	}

	public JsonNode requestContact(String username) {
		return expect(200, post("/api/contacts", Map.of("username", username)));
	}

	public JsonNode acceptContact(String userId) {
		return expect(200, post("/api/contacts/" + userId + "/accept", null));
	}

	public void declineContact(String userId) {
		expect(204, post("/api/contacts/" + userId + "/decline", null));
	}

	public void removeContact(String userId) {
		expect(204, delete("/api/contacts/" + userId));
	}

	public void blockContact(String userId) {
		expect(204, post("/api/contacts/" + userId + "/block", null));
	}

	/**
	 * Makes two users accepted contacts: this one asks, the other accepts.
	 * @param other the other user's client
	 * @return the other user as this one's contact
	 */
	public JsonNode befriend(ApiClient other) {
		JsonNode otherUser = other.me();
		requestContact(otherUser.get("username").asString());
		other.acceptContact(userId());
		return otherUser;
	}

	// --- rooms ---

	public JsonNode directRoom(String userId) {
		return expect(200, post("/api/rooms/direct", Map.of("userId", userId)));
	}

	public JsonNode createGroup(String name, List<String> memberIds) {
		return expect(201, post("/api/rooms", Map.of("name", name, "memberIds", memberIds)));
	}

	public JsonNode rooms() {
		return expect(200, get("/api/rooms"));
	}

	public JsonNode room(String roomId) {
		return expect(200, get("/api/rooms/" + roomId));
	}

	public JsonNode addMember(String roomId, String userId) {
		return expect(200, post("/api/rooms/" + roomId + "/members", Map.of("userId", userId)));
	}

	public void removeMember(String roomId, String userId) {
		expect(204, delete("/api/rooms/" + roomId + "/members/" + userId));
	}

	// --- history (persistence-service, through the gateway) ---

	public JsonNode history(String roomId, long afterSeq, int limit) {
		return expect(200, get("/api/rooms/" + roomId + "/messages?afterSeq=" + afterSeq + "&limit=" + limit));
	}

	public JsonNode historyBefore(String roomId, long beforeSeq, int limit) {
		return expect(200, get("/api/rooms/" + roomId + "/messages?beforeSeq=" + beforeSeq + "&limit=" + limit));
	}

	// --- session and CSRF for STOMP clients ---

	/**
	 * The current CSRF token (XOR-masked), fetched when none is held; send it as
	 * {@code X-XSRF-TOKEN} on STOMP CONNECT.
	 * @return the token
	 */
	public String xsrfToken() {
		if (this.xsrfToken == null) {
			Response csrf = send("GET", "/api/auth/csrf", null, false);
			JsonNode body = expect(200, csrf);
			this.xsrfToken = body.get("token").asString();
			this.csrfHeaderName = body.get("headerName").asString();
		}
		return this.xsrfToken;
	}

	/**
	 * Same as {@link #xsrfToken()}.
	 * @return the current CSRF token
	 */
	public String csrfToken() {
		return xsrfToken();
	}

	/**
	 * The header the CSRF token goes in, as {@code GET /api/auth/csrf} names it.
	 * @return {@code X-XSRF-TOKEN}
	 */
	public String csrfHeaderName() {
		xsrfToken();
		return this.csrfHeaderName;
	}

	/**
	 * The {@code SESSION} cookie's value, if signed in.
	 * @return the session id cookie value
	 */
	public Optional<String> sessionCookie() {
		return cookie("SESSION");
	}

	/**
	 * A cookie held for the base URL.
	 * @param name the cookie name
	 * @return its value
	 */
	public Optional<String> cookie(String name) {
		return this.cookies.getCookieStore()
			.get(URI.create(this.baseUrl))
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst();
	}

	/**
	 * The {@code Cookie} header a WebSocket handshake of this user sends.
	 * @return for example {@code SESSION=...; XSRF-TOKEN=...}
	 */
	public String cookieHeader() {
		xsrfToken();
		return String.join("; ",
				this.cookies.getCookieStore()
					.get(URI.create(this.baseUrl))
					.stream()
					.map((cookie) -> cookie.getName() + "=" + cookie.getValue())
					.toList());
	}

	/**
	 * Uses a session a test stored itself ({@link StoredSessions}) instead of signing in,
	 * with a CSRF token of its own, for the services that only read the shared session.
	 * @param sessionId the stored session's id
	 * @return this client
	 */
	public ApiClient withSession(String sessionId) {
		String csrf = UUID.randomUUID().toString();
		addCookie("SESSION", StoredSessions.cookieValue(sessionId));
		addCookie("XSRF-TOKEN", csrf);
		this.xsrfToken = StoredSessions.maskedCsrf(csrf);
		return this;
	}

	private void addCookie(String name, String value) {
		HttpCookie cookie = new HttpCookie(name, value);
		cookie.setPath("/");
		cookie.setVersion(0);
		this.cookies.getCookieStore().add(URI.create(this.baseUrl), cookie);
	}

	/**
	 * Copies this client's cookies (session and CSRF) to another base URL, for example a
	 * second gateway or a service port, so that the same sign-in is used there.
	 * @param otherBaseUrl the other base URL
	 * @return a client of the other URL with the same cookies and CSRF token
	 */
	public ApiClient sameSessionAt(String otherBaseUrl) {
		ApiClient other = new ApiClient(otherBaseUrl);
		for (HttpCookie cookie : this.cookies.getCookieStore().get(URI.create(this.baseUrl))) {
			other.addCookie(cookie.getName(), cookie.getValue());
		}
		other.xsrfToken = this.xsrfToken;
		other.forwardedFor = this.forwardedFor;
		return other;
	}

	// --- raw requests ---

	public Response get(String path) {
		return send("GET", path, null, false);
	}

	/**
	 * A POST with the CSRF token.
	 * @param path the path and query
	 * @param body a value to send as JSON, or {@code null}
	 * @return the response, whatever its status
	 */
	public Response post(String path, Object body) {
		return send("POST", path, body, true);
	}

	public Response delete(String path) {
		return send("DELETE", path, null, true);
	}

	/**
	 * Any request.
	 * @param method the HTTP method
	 * @param path the path and query
	 * @param body a value to send as JSON, or {@code null}
	 * @param withCsrf whether to send {@code X-XSRF-TOKEN}
	 * @return the response, whatever its status
	 */
	public Response send(String method, String path, Object body, boolean withCsrf) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json");
		if (withCsrf) {
			request.header("X-XSRF-TOKEN", xsrfToken());
		}
		if (this.forwardedFor != null) {
			request.header("X-Forwarded-For", this.forwardedFor);
		}
		if (body != null) {
			request.header("Content-Type", "application/json");
			request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			JsonNode json = response.body().isBlank() ? NullNode.getInstance() : parse(response.body());
			return new Response(response.statusCode(), json, response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + path, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode parse(String body) {
		try {
			return JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			return JSON.getNodeFactory().stringNode(body);
		}
	}

	private static JsonNode expect(int status, Response response) {
		if (response.status() != status) {
			throw new ApiException(status, response);
		}
		return response.body();
	}

	/**
	 * A response.
	 *
	 * @param status the HTTP status
	 * @param body the parsed JSON ({@code NullNode} when empty; a text node when not
	 * JSON)
	 * @param headers the response headers
	 * @param text the raw body
	 */
	public record Response(int status, JsonNode body, Map<String, List<String>> headers, String text) {

		/**
		 * The first value of a header, ignoring case.
		 * @param name the header name
		 * @return the value
		 */
		public Optional<String> header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.flatMap((entry) -> entry.getValue().stream())
				.findFirst();
		}

	}

	/**
	 * An unexpected status from a high-level call.
	 */
	public static final class ApiException extends RuntimeException {

		private final transient Response response;

		ApiException(int expected, Response response) {
			super("Expected HTTP " + expected + " but got " + response.status() + ": " + response.text());
			this.response = response;
		}

		public Response response() {
			return this.response;
		}

	}

}
