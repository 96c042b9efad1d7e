package dev.roomcast.testsupport.stomp;

import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.roomcast.testsupport.http.ApiClient;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import tools.jackson.databind.JsonNode;

import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * A STOMP client as a browser drives the gateway: the session cookie and the page's
 * Origin on the handshake, the CSRF token on CONNECT, a RECEIPT asked for on every
 * SUBSCRIBE and SEND. It subscribes to {@code /user/queue/errors} on connect and records
 * every error and every room message it receives.
 *
 * <pre>
 * try (StompTestClient alice = StompTestClient.connect(gatewayUrl, aliceApi)) {
 *     alice.joinRoom(roomId);
 *     alice.send(roomId, UUID.randomUUID().toString(), "hello").get(10, TimeUnit.SECONDS);
 * }
 * </pre>
 */
public final class StompTestClient implements AutoCloseable {

	/** Times out receipts and sends heart-beats for every client; daemon threads. */
	private static final TaskScheduler SCHEDULER = new ConcurrentTaskScheduler(
			Executors.newScheduledThreadPool(2, StompTestClient::daemonThread));

	private static final Duration WAIT = Duration.ofSeconds(20);

	/** The CONNECT header the gateway reads the CSRF token from. */
	private static final String CSRF_HEADER = "X-XSRF-TOKEN";

	/** The largest message and STOMP frame the client takes from the gateway. */
	private static final int INBOUND_MESSAGE_SIZE_LIMIT = 256 * 1024;

	private final StompSession session;

	private final List<StompHeaders> errorFrames;

	private final List<JsonNode> errors = new CopyOnWriteArrayList<>();

	private final Map<String, List<JsonNode>> rooms = new ConcurrentHashMap<>();

	private StompTestClient(StompSession session, List<StompHeaders> errorFrames) {
		this.session = session;
		this.errorFrames = errorFrames;
	}

	/**
	 * Connects as a signed-in user of the HTTP API, from a page the gateway served.
	 * @param gatewayUrl the gateway's base URL, also the Origin
	 * @param user the user's HTTP client, holding the session and CSRF cookies
	 * @return the connected client, subscribed to its error queue
	 */
	public static StompTestClient connect(String gatewayUrl, ApiClient user) {
		return connect(gatewayUrl, user, Duration.ofSeconds(15));
	}

	/**
	 * Connects as a signed-in user of the HTTP API, from a page the gateway served.
	 * @param gatewayUrl the gateway's base URL, also the Origin
	 * @param user the user's HTTP client, holding the session and CSRF cookies
	 * @param receiptTimeout how long a SUBSCRIBE or SEND waits for its RECEIPT before it
	 * counts as refused: short where a test expects no receipt
	 * @return the connected client, subscribed to its error queue
	 */
	public static StompTestClient connect(String gatewayUrl, ApiClient user, Duration receiptTimeout) {
		return connect(gatewayUrl, new Handshake(gatewayUrl, user.cookieHeader(), user.csrfToken()), receiptTimeout);
	}

	/**
	 * Connects and subscribes to {@code /user/queue/errors}, waiting for the
	 * subscription's receipt.
	 * @param gatewayUrl the gateway's base URL ({@code http://host:port})
	 * @param handshake what the handshake and CONNECT carry
	 * @param receiptTimeout how long a SUBSCRIBE or SEND waits for its RECEIPT before it
	 * counts as refused: short where a test expects no receipt
	 * @return the connected client
	 */
	public static StompTestClient connect(String gatewayUrl, Handshake handshake, Duration receiptTimeout) {
		List<StompHeaders> errorFrames = new CopyOnWriteArrayList<>();
		StompSession session;
		try {
			session = connectAsync(gatewayUrl, handshake, receiptTimeout, errorFrames).get(WAIT.toSeconds(),
					TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("STOMP connect to " + gatewayUrl + " failed", ex);
		}
		session.setAutoReceipt(false);
		StompTestClient client = new StompTestClient(session, errorFrames);
		client.subscribed("/user/queue/errors", client.errors);
		return client;
	}

	/**
	 * Starts the handshake and CONNECT, for tests of refusals.
	 * @param gatewayUrl the gateway's base URL ({@code http://host:port})
	 * @param handshake what the handshake and CONNECT carry
	 * @param receiptTimeout how long a SUBSCRIBE or SEND waits for its RECEIPT
	 * @param errorFrames takes the headers of ERROR frames
	 * @return completes with the session once CONNECTED, exceptionally when the handshake
	 * or CONNECT is refused
	 */
	public static CompletableFuture<StompSession> connectAsync(String gatewayUrl, Handshake handshake,
			Duration receiptTimeout, List<StompHeaders> errorFrames) {
		// buffers of their own: the container's defaults follow a JVM-wide setting that a
		// gateway started in the same JVM lowers (and a smaller message buffer would
		// refuse
		// larger frames)
		WebSocketContainer container = ContainerProvider.getWebSocketContainer();
		container.setDefaultMaxTextMessageBufferSize(INBOUND_MESSAGE_SIZE_LIMIT);
		container.setDefaultMaxBinaryMessageBufferSize(INBOUND_MESSAGE_SIZE_LIMIT);
		WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient(container));
		client.setMessageConverter(new JacksonJsonMessageConverter());
		client.setTaskScheduler(SCHEDULER);
		client.setReceiptTimeLimit(receiptTimeout.toMillis());
		client.setInboundMessageSizeLimit(INBOUND_MESSAGE_SIZE_LIMIT);
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		if (handshake.cookie() != null) {
			headers.add("Cookie", handshake.cookie());
		}
		headers.add("Origin", handshake.origin());
		StompHeaders connect = new StompHeaders();
		if (handshake.csrfToken() != null) {
			connect.add(CSRF_HEADER, handshake.csrfToken());
		}
		URI uri = URI.create(gatewayUrl.replaceFirst("^http", "ws") + "/ws");
		return client.connectAsync(uri, headers, connect, new StompSessionHandlerAdapter() {
			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				errorFrames.add(headers);
			}
		});
	}

	/**
	 * Subscribes to a room and waits until the gateway has registered the subscription (a
	 * RECEIPT on the SUBSCRIBE), so no live message can be missed after this returns; the
	 * room's messages are kept for {@link #messages}.
	 * @param roomId the room
	 * @return whether the gateway acknowledged the subscription
	 */
	public boolean joinRoom(String roomId) {
		return joinRoomAt(roomId) >= 0;
	}

	/**
	 * Subscribes to a room and waits for the subscription's RECEIPT, like
	 * {@link #joinRoom}.
	 * @param roomId the room
	 * @return the RECEIPT's {@code last-seq}: every later message arrives live; -1 when
	 * the gateway did not acknowledge the subscription
	 */
	public long joinRoomAt(String roomId) {
		List<JsonNode> room = this.rooms.computeIfAbsent(roomId, (id) -> new CopyOnWriteArrayList<>());
		StompHeaders receipt = subscribeForReceipt("/topic/rooms/" + roomId, room)
			.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
			.join();
		return (receipt != null) ? Long.parseLong(Objects.requireNonNullElse(receipt.getFirst("last-seq"), "0")) : -1;
	}

	/**
	 * Subscribes with a receipt header.
	 * @param destination the destination
	 * @param sink takes every message body
	 * @return completes with the RECEIPT's headers, or {@code null} when none came
	 */
	public CompletableFuture<StompHeaders> subscribeForReceipt(String destination, List<JsonNode> sink) {
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
	 * Subscribes with a receipt header.
	 * @param destination the destination
	 * @param sink takes every message body
	 * @return completes with {@code true} on the RECEIPT, {@code false} when none came
	 */
	public CompletableFuture<Boolean> subscribe(String destination, List<JsonNode> sink) {
		return subscription(destination, sink).receipt();
	}

	/**
	 * Subscribes and waits for the subscription's receipt.
	 * @param destination the destination
	 * @param sink takes every message body
	 * @return the subscription, to unsubscribe
	 */
	public StompSession.Subscription subscribed(String destination, List<JsonNode> sink) {
		Receipted subscription = subscription(destination, sink);
		if (!subscription.receipt().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join()) {
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
	 * Subscribes to a room's typing signals ({@code /topic/rooms/{roomId}/typing}) and
	 * waits for the subscription's receipt.
	 * @param roomId the room
	 * @return a live view of the signals received, in arrival order
	 * @throws IllegalStateException when the gateway did not acknowledge the subscription
	 */
	public List<JsonNode> watchTyping(String roomId) {
		List<JsonNode> signals = new CopyOnWriteArrayList<>();
		subscribed("/topic/rooms/" + roomId + "/typing", signals);
		return Collections.unmodifiableList(signals);
	}

	/**
	 * Tells a room that this user is typing ({@code SEND /app/rooms/{roomId}/typing});
	 * the gateway sends no receipt for it.
	 * @param roomId the room
	 */
	public void typing(String roomId) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination("/app/rooms/" + roomId + "/typing");
		this.session.send(headers, Map.of());
	}

	/**
	 * Sends a message to a room with a receipt header.
	 * @param roomId the room
	 * @param messageId the client's message id
	 * @param text the text
	 * @return completes with {@code true} on the RECEIPT (the gateway stored the message
	 * in Kafka), {@code false} when none came in time
	 */
	public CompletableFuture<Boolean> send(String roomId, String messageId, String text) {
		return send(roomId, Map.of("messageId", messageId, "text", text));
	}

	/**
	 * Sends any body to a room with a receipt header, for tests of malformed frames.
	 * @param roomId the room
	 * @param body the body, written as JSON
	 * @return completes with {@code true} on the RECEIPT, {@code false} when none came
	 */
	public CompletableFuture<Boolean> send(String roomId, Object body) {
		return sendTo("/app/rooms/" + roomId + "/messages", body);
	}

	/**
	 * Tells the gateway how far the user read a room ({@code SEND /app/rooms/{id}/read})
	 * with a receipt header.
	 * @param roomId the room
	 * @param seq the highest seq read
	 * @return completes with {@code true} on the RECEIPT (the mark is in Kafka),
	 * {@code false} when none came
	 */
	public CompletableFuture<Boolean> markRead(String roomId, long seq) {
		return sendTo("/app/rooms/" + roomId + "/read", Map.of("seq", seq));
	}

	/**
	 * Edits a message of the room ({@code SEND /app/rooms/{roomId}/edits}) with a receipt
	 * header.
	 * @param roomId the room
	 * @param messageId the client's id of the edit
	 * @param targetSeq the seq of the message to edit
	 * @param text the new text
	 * @return completes with {@code true} on the RECEIPT, {@code false} when none came
	 */
	public CompletableFuture<Boolean> edit(String roomId, String messageId, long targetSeq, String text) {
		return sendTo("/app/rooms/" + roomId + "/edits",
				Map.of("messageId", messageId, "targetSeq", targetSeq, "text", text));
	}

	/**
	 * Deletes a message of the room ({@code SEND /app/rooms/{roomId}/deletions}) with a
	 * receipt header.
	 * @param roomId the room
	 * @param messageId the client's id of the deletion
	 * @param targetSeq the seq of the message to delete
	 * @return completes with {@code true} on the RECEIPT, {@code false} when none came
	 */
	public CompletableFuture<Boolean> delete(String roomId, String messageId, long targetSeq) {
		return sendTo("/app/rooms/" + roomId + "/deletions", Map.of("messageId", messageId, "targetSeq", targetSeq));
	}

	/**
	 * Sends any body to a destination with a receipt header.
	 * @param destination the destination, e.g. {@code /app/rooms/{roomId}/messages}
	 * @param body the body, written as JSON
	 * @return completes with {@code true} on the RECEIPT, {@code false} when none came
	 */
	public CompletableFuture<Boolean> sendTo(String destination, Object body) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.setReceipt(UUID.randomUUID().toString());
		CompletableFuture<Boolean> receipt = new CompletableFuture<>();
		StompSession.Receiptable sent = this.session.send(headers, body);
		sent.addReceiptTask(() -> receipt.complete(true));
		sent.addReceiptLostTask(() -> receipt.complete(false));
		return receipt;
	}

	/**
	 * The messages received so far in a room joined with {@link #joinRoom}, in arrival
	 * order.
	 * @param roomId the room
	 * @return the message bodies
	 */
	public List<JsonNode> messages(String roomId) {
		// chat messages only: a room's membership events arrive on the same destination
		return new ArrayList<>(this.rooms.getOrDefault(roomId, List.of())
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
	 * The seq of every event received in a room (chat messages, membership changes, edits
	 * and deletions), in arrival order: what a client merges with history.
	 * @param roomId the room
	 * @return the seqs
	 */
	public List<Long> eventSeqs(String roomId) {
		return this.rooms.getOrDefault(roomId, List.of()).stream().map((event) -> event.get("seq").asLong()).toList();
	}

	/**
	 * The errors received on {@code /user/queue/errors} so far; a live view.
	 * @return the error bodies
	 */
	public List<JsonNode> errors() {
		return Collections.unmodifiableList(this.errors);
	}

	/**
	 * The headers of the ERROR frames received so far; a live view.
	 * @return the headers
	 */
	public List<StompHeaders> errorFrames() {
		return Collections.unmodifiableList(this.errorFrames);
	}

	/**
	 * Whether the STOMP session is connected.
	 * @return whether it is
	 */
	public boolean isConnected() {
		return this.session.isConnected();
	}

	@Override
	public void close() {
		if (this.session.isConnected()) {
			this.session.disconnect();
		}
	}

	/**
	 * What the WebSocket handshake and the STOMP CONNECT carry.
	 *
	 * @param origin the Origin header of the handshake: the page's origin
	 * @param cookie the Cookie header of the handshake, or {@code null} for none
	 * @param csrfToken the masked CSRF token of CONNECT, or {@code null} for none
	 */
	public record Handshake(String origin, String cookie, String csrfToken) {

		/**
		 * The same from another page.
		 * @param otherOrigin the Origin header
		 * @return the handshake
		 */
		public Handshake withOrigin(String otherOrigin) {
			return new Handshake(otherOrigin, this.cookie, this.csrfToken);
		}

		/**
		 * The same with another CSRF token.
		 * @param otherToken the token, or {@code null} for none
		 * @return the handshake
		 */
		public Handshake withCsrfToken(String otherToken) {
			return new Handshake(this.origin, this.cookie, otherToken);
		}

	}

	private static Thread daemonThread(Runnable task) {
		Thread thread = new Thread(task, "stomp-test");
		thread.setDaemon(true);
		return thread;
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
