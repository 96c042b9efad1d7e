package dev.roomcast.gateway.websocket;

import java.security.Principal;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

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
 * Each session's text and binary message buffers are
 * {@link WebSocketProperties#bufferSize()} bytes (Spring's STOMP handler raises the text
 * buffer to 16,640 characters, 33 KiB, which every idle connection would keep). A larger
 * inbound message therefore arrives in pieces, passed on as they come: STOMP frames may
 * span WebSocket messages, so the STOMP decoder joins the pieces, up to the frame size
 * limit.
 */
class QueuedWritesHandler extends WebSocketHandlerDecorator {

	/** Tomcat's per-session limit on one blocking write, in milliseconds (a Long). */
	private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private final ClientSessions sessions;

	private final WebSocketProperties properties;

	QueuedWritesHandler(WebSocketHandler delegate, ClientSessions sessions, WebSocketProperties properties) {
		super(delegate);
		this.sessions = sessions;
		this.properties = properties;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		RemoteEndpoint.Async async = null;
		if (session instanceof NativeWebSocketSession nativeSession) {
			Session tomcat = nativeSession.getNativeSession(Session.class);
			if (tomcat != null) {
				long sendTimeLimit = this.properties.sendTimeLimit().toMillis();
				tomcat.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, sendTimeLimit);
				async = tomcat.getAsyncRemote();
				async.setSendTimeout(sendTimeLimit);
			}
		}
		QueuedWebSocketSession queued = new QueuedWebSocketSession(session, this.sessions.writers(),
				this.sessions.closers(), async, this.sessions.limits(), this.sessions::overflowed);
		boolean allowed = this.sessions.add(queued, userId(session));
		super.afterConnectionEstablished(queued);
		// after the STOMP handler's own setting; the container resizes its buffers at
		// the next message. The text buffer holds characters, two bytes each.
		int bufferSize = (int) this.properties.bufferSize().toBytes();
		session.setTextMessageSizeLimit(bufferSize / 2);
		session.setBinaryMessageSizeLimit(bufferSize);
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

	/**
	 * A STOMP heart-beat is an end of line alone; it does not count as the user's use.
	 */
	private static boolean isHeartbeat(WebSocketMessage<?> message) {
		return message instanceof TextMessage text && text.getPayload().isBlank();
	}

}
