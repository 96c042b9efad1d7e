package dev.roomcast.system.abuse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.roomcast.testsupport.http.ApiClient;

import org.awaitility.Awaitility;

/**
 * A STOMP connection that writes frames exactly as given, text or binary, and records
 * every frame it gets and how the socket closed: for frames a well-behaved client library
 * refuses to send.
 */
final class RawStomp implements WebSocket.Listener, AutoCloseable {

	static final Duration WAIT = Duration.ofSeconds(30);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final List<Frame> frames = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private final StringBuilder partial = new StringBuilder();

	private WebSocket socket;

	private CompletableFuture<WebSocket> sending;

	/**
	 * Opens the WebSocket as a signed-in user, without a STOMP CONNECT.
	 * @param gatewayUrl the gateway, also the Origin
	 * @param user the user's HTTP client
	 * @return the open socket
	 */
	static RawStomp open(String gatewayUrl, ApiClient user) throws Exception {
		RawStomp stomp = new RawStomp();
		stomp.socket = HTTP.newWebSocketBuilder()
			.header("Cookie", user.cookieHeader())
			.header("Origin", gatewayUrl)
			.connectTimeout(Duration.ofSeconds(15))
			.buildAsync(URI.create(gatewayUrl.replaceFirst("^http", "ws") + "/ws"), stomp)
			.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		stomp.sending = CompletableFuture.completedFuture(stomp.socket);
		return stomp;
	}

	/**
	 * Opens the socket, CONNECTs and subscribes to the user's error queue, waiting for
	 * both answers.
	 */
	static RawStomp connected(String gatewayUrl, ApiClient user) throws Exception {
		RawStomp stomp = open(gatewayUrl, user);
		stomp.text("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n" + user.csrfHeaderName() + ":"
				+ user.csrfToken() + "\n\n\0");
		stomp.await("CONNECTED");
		stomp.text("SUBSCRIBE\nid:errors\ndestination:/user/queue/errors\nreceipt:errors-r\n\n\0");
		stomp.awaitReceipt("errors-r");
		return stomp;
	}

	synchronized void text(String frame) {
		this.sending = this.sending.thenCompose((ws) -> ws.sendText(frame, true));
	}

	synchronized void binary(byte[] frame) {
		this.sending = this.sending.thenCompose((ws) -> ws.sendBinary(ByteBuffer.wrap(frame), true));
	}

	Frame await(String command) {
		Awaitility.await()
			.atMost(WAIT)
			.until(() -> this.frames.stream().anyMatch((frame) -> frame.command().equals(command)) || isClosed());
		return this.frames.stream()
			.filter((frame) -> frame.command().equals(command))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + command + " before the socket closed: " + this.frames));
	}

	void awaitReceipt(String receiptId) {
		Awaitility.await()
			.atMost(WAIT)
			.until(() -> this.frames.stream()
				.anyMatch((frame) -> frame.command().equals("RECEIPT")
						&& receiptId.equals(frame.headers().get("receipt-id")))
					|| isClosed());
		if (isClosed()) {
			throw new AssertionError("closed before RECEIPT " + receiptId + ": " + this.frames);
		}
	}

	List<Frame> frames() {
		return this.frames;
	}

	boolean isClosed() {
		return this.closed.isDone();
	}

	/** The close code, or -1 when the connection broke without a close frame. */
	CompletableFuture<Integer> closed() {
		return this.closed;
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		synchronized (this.partial) {
			this.partial.append(data);
			int end;
			while ((end = this.partial.indexOf("\0")) >= 0) {
				String frame = this.partial.substring(0, end);
				this.partial.delete(0, end + 1);
				Frame parsed = Frame.parse(frame);
				if (parsed != null) {
					this.frames.add(parsed);
				}
			}
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.complete(statusCode);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.complete(-1);
	}

	@Override
	public void close() {
		if (!isClosed()) {
			this.socket.abort();
		}
	}

	/**
	 * A STOMP frame received.
	 *
	 * @param command the command
	 * @param headers its headers
	 * @param body its body
	 */
	record Frame(String command, Map<String, String> headers, String body) {

		static Frame parse(String text) {
			String frame = text.stripLeading();
			if (frame.isEmpty()) {
				return null;
			}
			int bodyStart = frame.indexOf("\n\n");
			String head = (bodyStart < 0) ? frame : frame.substring(0, bodyStart);
			String[] lines = head.split("\n");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0) {
					headers.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1));
				}
			}
			return new Frame(lines[0].strip(), headers, (bodyStart < 0) ? "" : frame.substring(bodyStart + 2));
		}

	}

}
