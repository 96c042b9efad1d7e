package dev.roomcast.gateway.realtime;

import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * A STOMP client as a browser drives the gateway: cookies and Origin on the handshake,
 * the masked CSRF token on CONNECT. Records every frame it receives.
 */
final class StompTestClient implements AutoCloseable {

	private static final ThreadPoolTaskScheduler SCHEDULER = scheduler();

	private static final SecureRandom RANDOM = new SecureRandom();

	final List<JsonNode> errors = new CopyOnWriteArrayList<>();

	final List<StompHeaders> errorFrames;

	private final StompSession session;

	private StompTestClient(StompSession session, List<StompHeaders> errorFrames) {
		this.session = session;
		this.errorFrames = errorFrames;
	}

	/**
	 * Starts the STOMP handshake and CONNECT.
	 * @param port the gateway port
	 * @param cookie the Cookie header, or {@code null}
	 * @param origin the Origin header
	 * @param csrfToken the X-XSRF-TOKEN CONNECT header, or {@code null}
	 * @param errorFrames receives the headers of ERROR frames
	 * @return completes with the session once CONNECTED
	 */
	static CompletableFuture<StompSession> connectAsync(int port, String cookie, String origin, String csrfToken,
			List<StompHeaders> errorFrames) {
		WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
		client.setMessageConverter(new JacksonJsonMessageConverter());
		client.setTaskScheduler(SCHEDULER);
		client.setReceiptTimeLimit(3_000);
		WebSocketHttpHeaders handshake = new WebSocketHttpHeaders();
		if (cookie != null) {
			handshake.add("Cookie", cookie);
		}
		handshake.add("Origin", origin);
		StompHeaders connect = new StompHeaders();
		if (csrfToken != null) {
			connect.add("X-XSRF-TOKEN", csrfToken);
		}
		return client.connectAsync(URI.create("ws://localhost:" + port + "/ws"), handshake, connect,
				new StompSessionHandlerAdapter() {
					@Override
					public void handleFrame(StompHeaders headers, Object payload) {
						errorFrames.add(headers);
					}
				});
	}

	/**
	 * Connects and subscribes to {@code /user/queue/errors}, waiting for the
	 * subscription's receipt.
	 */
	static StompTestClient connect(int port, String cookie, String origin, String csrfToken) throws Exception {
		List<StompHeaders> errorFrames = new CopyOnWriteArrayList<>();
		StompSession session = connectAsync(port, cookie, origin, csrfToken, errorFrames).get(10, TimeUnit.SECONDS);
		session.setAutoReceipt(false);
		StompTestClient client = new StompTestClient(session, errorFrames);
		if (!client.subscribe("/user/queue/errors", client.errors).get(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("No receipt for the error queue subscription");
		}
		return client;
	}

	/**
	 * Subscribes with a receipt header.
	 * @return completes with {@code true} on the RECEIPT, {@code false} when none came
	 */
	CompletableFuture<Boolean> subscribe(String destination, List<JsonNode> sink) {
		return subscription(destination, sink).receipt();
	}

	/**
	 * Subscribes with a receipt header.
	 * @return completes with the RECEIPT's headers, or {@code null} when none came
	 */
	CompletableFuture<StompHeaders> subscribeForReceipt(String destination, List<JsonNode> sink) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.setReceipt(UUID.randomUUID().toString());
		CompletableFuture<StompHeaders> receipt = new CompletableFuture<>();
		StompSession.Subscription subscription = this.session.subscribe(headers, new JsonSink(sink));
		subscription.addReceiptTask((StompHeaders received) -> receipt.complete(received));
		subscription.addReceiptLostTask(() -> receipt.complete(null));
		return receipt;
	}

	/**
	 * Subscribes and waits for the subscription's receipt.
	 * @return the subscription, to unsubscribe
	 */
	StompSession.Subscription subscribed(String destination, List<JsonNode> sink) throws Exception {
		Receipted subscription = subscription(destination, sink);
		if (!subscription.receipt().get(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("No receipt for the subscription to " + destination);
		}
		return subscription.subscription();
	}

	private Receipted subscription(String destination, List<JsonNode> sink) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.setReceipt(UUID.randomUUID().toString());
		CompletableFuture<Boolean> receipt = new CompletableFuture<>();
		StompSession.Subscription subscription = this.session.subscribe(headers, new JsonSink(sink));
		subscription.addReceiptTask(() -> receipt.complete(true));
		subscription.addReceiptLostTask(() -> receipt.complete(false));
		return new Receipted(subscription, receipt);
	}

	/**
	 * Sends to a room with a receipt header.
	 * @return completes with {@code true} on the RECEIPT, {@code false} when none came
	 */
	CompletableFuture<Boolean> send(String roomId, Object body) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination("/app/rooms/" + roomId + "/messages");
		headers.setReceipt(UUID.randomUUID().toString());
		CompletableFuture<Boolean> receipt = new CompletableFuture<>();
		StompSession.Receiptable sent = this.session.send(headers, body);
		sent.addReceiptTask(() -> receipt.complete(true));
		sent.addReceiptLostTask(() -> receipt.complete(false));
		return receipt;
	}

	CompletableFuture<Boolean> send(String roomId, String messageId, String text) {
		return send(roomId, Map.of("messageId", messageId, "text", text));
	}

	boolean isConnected() {
		return this.session.isConnected();
	}

	@Override
	public void close() {
		if (this.session.isConnected()) {
			this.session.disconnect();
		}
	}

	/**
	 * A CSRF token masked the way Spring Security's XorCsrfTokenRequestAttributeHandler
	 * hands it to pages (and account-service's {@code GET /api/auth/csrf} returns it).
	 */
	static String masked(String rawToken) {
		byte[] token = rawToken.getBytes(StandardCharsets.UTF_8);
		byte[] random = new byte[token.length];
		RANDOM.nextBytes(random);
		byte[] combined = new byte[token.length * 2];
		System.arraycopy(random, 0, combined, 0, random.length);
		for (int i = 0; i < token.length; i++) {
			combined[token.length + i] = (byte) (random[i] ^ token[i]);
		}
		return Base64.getUrlEncoder().encodeToString(combined);
	}

	private static ThreadPoolTaskScheduler scheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(2);
		scheduler.setThreadNamePrefix("stomp-test-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		return scheduler;
	}

	private record JsonSink(List<JsonNode> sink) implements StompFrameHandler {

		@Override
		public Type getPayloadType(StompHeaders headers) {
			return JsonNode.class;
		}

		@Override
		public void handleFrame(StompHeaders headers, Object payload) {
			this.sink.add((JsonNode) payload);
		}

	}

	/** A subscription and its receipt. */
	private record Receipted(StompSession.Subscription subscription, CompletableFuture<Boolean> receipt) {

	}

}
