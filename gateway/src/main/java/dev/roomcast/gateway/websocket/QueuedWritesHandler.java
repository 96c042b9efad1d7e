package dev.roomcast.gateway.websocket;

import java.nio.ByteBuffer;
import java.security.Principal;

import dev.roomcast.gateway.websocket.QueuedWebSocketSession.AsyncWrites;
import dev.roomcast.gateway.websocket.QueuedWebSocketSession.Completion;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Installed under Spring's STOMP handler: every session it sees is a
 * {@link QueuedWebSocketSession}, so STOMP replies, receipts and room events share one
 * ordered, bounded queue per client. It also counts each user's sockets (one over the
 * limit is closed) and notes which sessions the client used, for keeping the HTTP session
 * alive ({@link SessionWatch}).
 *
 * <p>
 * Each session reads and writes through buffers of
 * {@link WebSocketProperties#bufferSize()} bytes; a larger inbound message arrives in
 * pieces, passed on as they come: STOMP frames may span WebSocket messages, so the STOMP
 * decoder joins the pieces, up to the frame size limit, which is also the largest
 * WebSocket message taken.
 *
 * <p>
 * Jetty closes a connection on which nothing moved for its idle timeout. Here that is the
 * send time limit, and it closes only a connection with a write (or its close) waiting
 * for the client at least as long ({@link QueuedWebSocketSession#mayTimeOut}): a quiet
 * client is left alone, and one that stops reading holds its write no longer than twice
 * the limit.
 */
class QueuedWritesHandler extends WebSocketHandlerDecorator {

	private final ClientSessions sessions;

	private final WebSocketProperties properties;

	QueuedWritesHandler(WebSocketHandler delegate, ClientSessions sessions, WebSocketProperties properties) {
		super(delegate);
		this.sessions = sessions;
		this.properties = properties;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		Session jetty = (session instanceof NativeWebSocketSession nativeSession)
				? nativeSession.getNativeSession(Session.class) : null;
		QueuedWebSocketSession queued = new QueuedWebSocketSession(session, this.sessions.writers(),
				this.sessions.closers(), (jetty != null) ? new JettyWrites(jetty) : null, this.sessions.limits(),
				this.sessions::overflowed);
		if (jetty != null) {
			int bufferSize = (int) this.properties.bufferSize().toBytes();
			jetty.setInputBufferSize(bufferSize);
			jetty.setOutputBufferSize(bufferSize);
			jetty.setIdleTimeout(this.properties.sendTimeLimit());
			jetty.addIdleTimeoutListener((timeout) -> queued.mayTimeOut(this.properties.sendTimeLimit()));
		}
		boolean allowed = this.sessions.add(queued, userId(session));
		super.afterConnectionEstablished(queued);
		// after the STOMP handler's own setting (16,640 characters). Twice the frame size
		// limit, so that the STOMP decoder, not the container, refuses a frame over it,
		// with an ERROR frame that says why; a message larger still is closed with 1009.
		int messageSizeLimit = 2 * (int) this.properties.messageSizeLimit().toBytes();
		session.setTextMessageSizeLimit(messageSizeLimit);
		session.setBinaryMessageSizeLimit(messageSizeLimit);
		if (!allowed) {
			this.sessions.refused("per-user");
			queued.close(CloseStatus.POLICY_VIOLATION
				.withReason("Too many connections for this user: at most " + this.properties.maxConnectionsPerUser()));
		}
	}

	/**
	 * Messages larger than the session's buffers come in pieces, each handled as it
	 * comes: the STOMP decoder buffers an incomplete frame until its end arrives.
	 */
	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		QueuedWebSocketSession queued = this.sessions.get(session.getId());
		if (queued != null && !isHeartbeat(message)) {
			queued.markActive();
		}
		super.handleMessage((queued != null) ? queued : session, message);
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
		QueuedWebSocketSession queued = this.sessions.get(session.getId());
		super.handleTransportError((queued != null) ? queued : session, exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		QueuedWebSocketSession queued = this.sessions.remove(session.getId(), userId(session));
		if (queued != null) {
			queued.discard();
		}
		super.afterConnectionClosed((queued != null) ? queued : session, closeStatus);
	}

	private static String userId(WebSocketSession session) {
		Principal user = session.getPrincipal();
		return (user != null) ? user.getName() : null;
	}

	/** Jetty's non-blocking sends. */
	private record JettyWrites(Session session) implements AsyncWrites {

		@Override
		public void sendText(String text, Completion done) {
			this.session.sendText(text, callback(done));
		}

		@Override
		public void sendBinary(ByteBuffer data, Completion done) {
			this.session.sendBinary(data, callback(done));
		}

		private static Callback callback(Completion done) {
			return Callback.from(() -> done.completed(null), done::completed);
		}

	}

	/**
	 * A STOMP heart-beat is an end of line alone; it does not count as the user's use.
	 */
	private static boolean isHeartbeat(WebSocketMessage<?> message) {
		return message instanceof TextMessage text && text.getPayload().isBlank();
	}

}
