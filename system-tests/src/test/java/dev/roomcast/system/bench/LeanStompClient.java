package dev.roomcast.system.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import dev.roomcast.testsupport.http.ApiClient;

/**
 * The benchmark's STOMP client: the documented protocol over the JDK's WebSocket, with
 * frames written and read as plain strings, so that the driver, which shares the two
 * cores with everything it measures, spends as little CPU as it can per delivery. The
 * tests use the full client ({@code StompTestClient}).
 */
final class LeanStompClient implements WebSocket.Listener {

	/** A benchmark message's text carries its send time: no lookup table per message. */
	private static final String SENT_AT_TEXT = "\"text\":\"sent at ";

	private static final String SEND_RECEIPT_PREFIX = "s-";

	private final Listener listener;

	private final Map<String, CompletableFuture<Void>> receipts = new ConcurrentHashMap<>();

	private final SeqOrder order;

	/** The room of each SUBSCRIBE whose RECEIPT is awaited, by receipt id. */
	private final Map<String, String> subscribing = new ConcurrentHashMap<>();

	private final CompletableFuture<Void> connected = new CompletableFuture<>();

	private final StringBuilder partial = new StringBuilder();

	private CompletableFuture<WebSocket> sending;

	private volatile boolean open;

	private LeanStompClient(Listener listener) {
		this.listener = listener;
		this.order = new SeqOrder(listener);
	}

	/**
	 * Connects as a signed-in user and subscribes to its error queue.
	 * @param gatewayUrl the gateway's base URL, also the Origin
	 * @param user the user's HTTP client, holding the session and CSRF cookies
	 * @param onDelivery called with the send time ({@link System#nanoTime()}) of every
	 * room message, on arrival
	 * @param onSendReceipt called with the send time of every message this client sent,
	 * when its RECEIPT arrives (the gateway stored it in Kafka)
	 * @return the connected client
	 */
	static LeanStompClient connect(HttpClient http, String gatewayUrl, ApiClient user, LongConsumer onDelivery,
			LongConsumer onSendReceipt) throws Exception {
		return connect(http, gatewayUrl, user, new Listener() {

			@Override
			public void delivered(long sentNanos) {
				onDelivery.accept(sentNanos);
			}

			@Override
			public void receipt(long sentNanos) {
				onSendReceipt.accept(sentNanos);
			}

		});
	}

	/**
	 * Connects as a signed-in user and subscribes to its error queue.
	 * @param gatewayUrl the gateway's base URL, also the Origin
	 * @param user the user's HTTP client, holding the session and CSRF cookies
	 * @param listener told of every room message, every RECEIPT of a send and every room
	 * event out of order
	 * @return the connected client
	 */
	static LeanStompClient connect(HttpClient http, String gatewayUrl, ApiClient user, Listener listener)
			throws Exception {
		LeanStompClient client = new LeanStompClient(listener);
		URI uri = URI.create(gatewayUrl.replaceFirst("^http", "ws") + "/ws");
		WebSocket socket = http.newWebSocketBuilder()
			.header("Cookie", user.cookieHeader())
			.header("Origin", gatewayUrl)
			.connectTimeout(Duration.ofSeconds(15))
			.buildAsync(uri, client)
			.get(15, TimeUnit.SECONDS);
		client.open = true;
		client.sending = CompletableFuture.completedFuture(socket);
		client.write("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n" + user.csrfHeaderName() + ":"
				+ user.csrfToken() + "\n\n\0");
		client.connected.get(15, TimeUnit.SECONDS);
		client.write("SUBSCRIBE\nid:errors\ndestination:/user/queue/errors\n\n\0");
		return client;
	}

	/**
	 * Subscribes to a room and waits for the subscription's RECEIPT.
	 * @param roomId the room
	 */
	void joinRoom(String roomId) throws Exception {
		String receipt = UUID.randomUUID().toString();
		CompletableFuture<Void> registered = new CompletableFuture<>();
		this.receipts.put(receipt, registered);
		this.subscribing.put(receipt, roomId);
		write("SUBSCRIBE\nid:" + roomId + "\ndestination:/topic/rooms/" + roomId + "\nreceipt:" + receipt + "\n\n\0");
		registered.get(20, TimeUnit.SECONDS);
	}

	/**
	 * Sends a message to a room (with a receipt header, as clients must) whose text and
	 * receipt id carry the send time.
	 * @param roomId the room
	 * @param messageId the message's UUID
	 * @param sentNanos the send time, {@link System#nanoTime()}
	 */
	void send(String roomId, String messageId, long sentNanos) {
		String body = "{\"messageId\":\"" + messageId + "\",\"text\":\"sent at " + sentNanos + "\"}";
		write("SEND\ndestination:/app/rooms/" + roomId + "/messages\ncontent-type:application/json\nreceipt:"
				+ SEND_RECEIPT_PREFIX + sentNanos + "\n\n" + body + "\0");
	}

	boolean isOpen() {
		return this.open;
	}

	synchronized void close() {
		if (this.open) {
			this.open = false;
			this.sending = this.sending.thenCompose((socket) -> socket.sendClose(WebSocket.NORMAL_CLOSURE, ""));
		}
	}

	/** The JDK's WebSocket takes one write at a time: writes queue behind each other. */
	private synchronized void write(String frame) {
		this.sending = this.sending.thenCompose((socket) -> socket.sendText(frame, true));
	}

	@Override
	public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			// one WebSocket message may carry several frames, each ended by a NUL
			int start = 0;
			for (int end = this.partial.indexOf("\0"); end >= 0; end = this.partial.indexOf("\0", start)) {
				while (start < end && this.partial.charAt(start) == '\n') {
					start++;
				}
				frame(this.partial.substring(start, end));
				start = end + 1;
			}
			this.partial.setLength(0);
		}
		socket.request(1);
		return null;
	}

	private void frame(String frame) {
		if (frame.startsWith("MESSAGE\n") && !frame.contains("\ndestination:/topic/rooms/")) {
			System.err.println("Refused: " + frame.substring(frame.indexOf("\n\n") + 2));
		}
		else if (frame.startsWith("MESSAGE\n")) {
			this.order.check(frame);
			int field = frame.indexOf(SENT_AT_TEXT);
			if (field >= 0) {
				int start = field + SENT_AT_TEXT.length();
				this.listener.delivered(Long.parseLong(frame, start, frame.indexOf('"', start), 10));
			}
		}
		else if (frame.startsWith("RECEIPT\n")) {
			String receipt = header(frame, "receipt-id");
			if (receipt != null && receipt.startsWith(SEND_RECEIPT_PREFIX)) {
				this.listener.receipt(Long.parseLong(receipt, SEND_RECEIPT_PREFIX.length(), receipt.length(), 10));
				return;
			}
			String room = (receipt != null) ? this.subscribing.remove(receipt) : null;
			String lastSeq = header(frame, "last-seq");
			if (room != null && lastSeq != null) {
				this.order.base(room, Long.parseLong(lastSeq));
			}
			CompletableFuture<Void> waiting = (receipt != null) ? this.receipts.remove(receipt) : null;
			if (waiting != null) {
				waiting.complete(null);
			}
		}
		else if (frame.startsWith("CONNECTED\n")) {
			this.connected.complete(null);
		}
		else if (frame.startsWith("ERROR\n") && this.open) {
			System.err.println("STOMP ERROR: " + frame);
		}
	}

	private static String header(String frame, String name) {
		int start = frame.indexOf("\n" + name + ":");
		if (start < 0) {
			return null;
		}
		start += name.length() + 2;
		return frame.substring(start, frame.indexOf('\n', start));
	}

	/** What a session tells the benchmark. */
	interface Listener {

		/**
		 * A room message arrived.
		 * @param sentNanos its send time ({@link System#nanoTime()})
		 */
		void delivered(long sentNanos);

		/**
		 * The RECEIPT of a message this session sent arrived: the gateway stored it in
		 * Kafka.
		 * @param sentNanos its send time
		 */
		void receipt(long sentNanos);

		/**
		 * A room event's seq was not one more than the last one seen of the room: a skip,
		 * a repeat or going back.
		 * @param roomId the room
		 * @param expected the seq due
		 * @param seq the seq that came
		 */
		default void outOfOrder(String roomId, long expected, long seq) {
		}

	}

	@Override
	public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
		boolean unexpected = this.open;
		this.open = false;
		if (unexpected) {
			System.err.println("WebSocket closed: " + statusCode + " " + reason);
		}
		return null;
	}

	@Override
	public void onError(WebSocket socket, Throwable error) {
		this.open = false;
		this.connected.completeExceptionally(error);
		System.err.println("WebSocket failed: " + error);
	}

}
