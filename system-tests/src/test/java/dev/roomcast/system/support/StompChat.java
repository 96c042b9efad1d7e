package dev.roomcast.system.support;

import java.lang.reflect.Type;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.roomcast.infra.ApiClient;
import tools.jackson.databind.JsonNode;

import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * A STOMP client as a browser drives Roomcast: the session and CSRF cookies on the
 * handshake, the page's Origin, the CSRF token on CONNECT. It records every room message
 * and every error it receives.
 */
public final class StompChat implements AutoCloseable {

	private static final ThreadPoolTaskScheduler SCHEDULER = scheduler();

	private final StompSession session;

	private final Map<String, List<JsonNode>> messages = new ConcurrentHashMap<>();

	private final List<JsonNode> errors = new CopyOnWriteArrayList<>();

	private final List<Throwable> transportErrors = new CopyOnWriteArrayList<>();

	private volatile java.util.function.BiConsumer<String, JsonNode> listener;

	private volatile boolean recording = true;

	private StompChat(String gatewayUrl, String cookieHeader, String csrfHeaderName, String csrfToken) {
		WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
		client.setMessageConverter(new JacksonJsonMessageConverter());
		client.setTaskScheduler(SCHEDULER);
		client.setReceiptTimeLimit(15_000);
		client.setInboundMessageSizeLimit(256 * 1024);
		WebSocketHttpHeaders handshake = new WebSocketHttpHeaders();
		handshake.add("Cookie", cookieHeader);
		handshake.add("Origin", gatewayUrl);
		StompHeaders connect = new StompHeaders();
		if (csrfToken != null) {
			connect.add(csrfHeaderName, csrfToken);
		}
		URI uri = URI.create(gatewayUrl.replaceFirst("^http", "ws") + "/ws");
		try {
			this.session = client.connectAsync(uri, handshake, connect, new Handler()).get(15, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("STOMP connect to " + uri + " failed", ex);
		}
		this.session.setAutoReceipt(false);
		subscribe("/user/queue/errors", this.errors::add);
	}

	/**
	 * Connects as a signed-in user.
	 * @param gatewayUrl the gateway's base URL, also the Origin
	 * @param user the user's HTTP client, holding the session and CSRF cookies
	 * @return the connected client, subscribed to its error queue
	 */
	public static StompChat connect(String gatewayUrl, ApiClient user) {
		return new StompChat(gatewayUrl, user.cookieHeader(), user.csrfHeaderName(), user.csrfToken());
	}

	/**
	 * Connects with explicit credentials, for tests of refusals.
	 * @param gatewayUrl the gateway's base URL, also the Origin
	 * @param cookieHeader the Cookie header of the handshake
	 * @param csrfHeaderName the CSRF header name of CONNECT
	 * @param csrfToken the token, {@code null} for none
	 * @return the connected client
	 */
	public static StompChat connect(String gatewayUrl, String cookieHeader, String csrfHeaderName, String csrfToken) {
		return new StompChat(gatewayUrl, cookieHeader, csrfHeaderName, csrfToken);
	}

	/**
	 * Subscribes to a room and waits until the gateway has registered the subscription (a
	 * RECEIPT on the SUBSCRIBE), so no live message can be missed after this returns.
	 * @param roomId the room
	 * @return whether the gateway acknowledged the subscription
	 */
	public boolean joinRoom(String roomId) {
		List<JsonNode> room = this.messages.computeIfAbsent(roomId, (id) -> new CopyOnWriteArrayList<>());
		StompHeaders headers = new StompHeaders();
		headers.setDestination("/topic/rooms/" + roomId);
		headers.setReceipt(UUID.randomUUID().toString());
		CompletableFuture<Boolean> receipt = new CompletableFuture<>();
		StompSession.Subscription subscription = this.session.subscribe(headers, new JsonHandler((message) -> {
			java.util.function.BiConsumer<String, JsonNode> current = this.listener;
			if (current != null) {
				current.accept(roomId, message);
			}
			if (this.recording) {
				room.add(message);
			}
		}));
		subscription.addReceiptTask(() -> receipt.complete(true));
		subscription.addReceiptLostTask(() -> receipt.complete(false));
		return receipt.orTimeout(20, TimeUnit.SECONDS).join();
	}

	/**
	 * Sends a message to a room with a receipt header.
	 * @param roomId the room
	 * @param messageId the client's message id
	 * @param text the text
	 * @return completes with {@code true} on the RECEIPT, {@code false} if none came in
	 * time
	 */
	public CompletableFuture<Boolean> send(String roomId, String messageId, String text) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination("/app/rooms/" + roomId + "/messages");
		headers.setReceipt(UUID.randomUUID().toString());
		CompletableFuture<Boolean> receipt = new CompletableFuture<>();
		StompSession.Receiptable sent = this.session.send(headers, Map.of("messageId", messageId, "text", text));
		sent.addReceiptTask(() -> receipt.complete(true));
		sent.addReceiptLostTask(() -> receipt.complete(false));
		return receipt;
	}

	/**
	 * Calls a listener with every room message on arrival, and stops keeping them in
	 * memory; for load drivers.
	 * @param listener takes the room id and the message body
	 */
	public void onMessage(java.util.function.BiConsumer<String, JsonNode> listener) {
		this.listener = listener;
		this.recording = false;
	}

	/**
	 * The room messages received so far, in arrival order.
	 * @param roomId the room
	 * @return the message bodies
	 */
	public List<JsonNode> messages(String roomId) {
		// chat messages only: a room's membership events arrive on the same destination
		return new ArrayList<>(this.messages.getOrDefault(roomId, List.of())
			.stream()
			.filter((message) -> !message.hasNonNull("type") || "MESSAGE".equals(message.get("type").asString()))
			.toList());
	}

	/**
	 * The seq of every message received in a room, in arrival order.
	 * @param roomId the room
	 * @return the seqs
	 */
	public List<Long> seqs(String roomId) {
		return messages(roomId).stream().map((message) -> message.get("seq").asLong()).toList();
	}

	/**
	 * The errors received on {@code /user/queue/errors}.
	 * @return the error bodies
	 */
	public List<JsonNode> errors() {
		return List.copyOf(this.errors);
	}

	/**
	 * Whether the STOMP session is connected.
	 * @return whether it is
	 */
	public boolean isConnected() {
		return this.session.isConnected();
	}

	/**
	 * Errors of the connection itself (an ERROR frame, a closed socket).
	 * @return the errors
	 */
	public List<Throwable> transportErrors() {
		return List.copyOf(this.transportErrors);
	}

	private void subscribe(String destination, java.util.function.Consumer<JsonNode> sink) {
		this.session.subscribe(destination, new JsonHandler(sink));
	}

	@Override
	public void close() {
		if (this.session.isConnected()) {
			this.session.disconnect();
		}
	}

	private static ThreadPoolTaskScheduler scheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(2);
		scheduler.setThreadNamePrefix("stomp-test-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		return scheduler;
	}

	private final class Handler extends StompSessionHandlerAdapter {

		@Override
		public void handleTransportError(StompSession session, Throwable exception) {
			StompChat.this.transportErrors.add(exception);
		}

		@Override
		public void handleException(StompSession session, StompCommand command, StompHeaders headers, byte[] payload,
				Throwable exception) {
			StompChat.this.transportErrors.add(exception);
		}

	}

	private record JsonHandler(java.util.function.Consumer<JsonNode> sink) implements StompFrameHandler {

		@Override
		public Type getPayloadType(StompHeaders headers) {
			return JsonNode.class;
		}

		@Override
		public void handleFrame(StompHeaders headers, Object payload) {
			this.sink.accept((JsonNode) payload);
		}

	}

}
