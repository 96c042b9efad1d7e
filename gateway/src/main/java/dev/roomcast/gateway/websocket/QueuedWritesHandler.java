package dev.roomcast.gateway.websocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import jakarta.websocket.Session;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Installed under Spring's STOMP handler: every session it sees is a
 * {@link QueuedWebSocketSession}, so STOMP replies, receipts and room events share one
 * ordered, bounded queue per client.
 */
class QueuedWritesHandler extends WebSocketHandlerDecorator {

	/** Tomcat's per-session limit on one blocking write, in milliseconds (a Long). */
	private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private final Map<String, QueuedWebSocketSession> sessions;

	private final Executor writers;

	private final WebSocketProperties properties;

	private final Runnable onOverflow;

	QueuedWritesHandler(WebSocketHandler delegate, Map<String, QueuedWebSocketSession> sessions, Executor writers,
			WebSocketProperties properties, Runnable onOverflow) {
		super(delegate);
		this.sessions = sessions;
		this.writers = writers;
		this.properties = properties;
		this.onOverflow = onOverflow;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		if (session instanceof NativeWebSocketSession nativeSession) {
			Session tomcat = nativeSession.getNativeSession(Session.class);
			if (tomcat != null) {
				tomcat.getUserProperties()
					.put(TOMCAT_BLOCKING_SEND_TIMEOUT, this.properties.sendTimeLimit().toMillis());
			}
		}
		QueuedWebSocketSession queued = new QueuedWebSocketSession(session, this.writers,
				this.properties.outboundQueueLimit(), this.properties.sendBufferSizeLimit().toBytes(), this.onOverflow);
		this.sessions.put(session.getId(), queued);
		super.afterConnectionEstablished(queued);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		super.handleMessage(queued(session), message);
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
		super.handleTransportError(queued(session), exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		QueuedWebSocketSession queued = this.sessions.remove(session.getId());
		if (queued != null) {
			queued.discard();
		}
		super.afterConnectionClosed((queued != null) ? queued : session, closeStatus);
	}

	private WebSocketSession queued(WebSocketSession session) {
		QueuedWebSocketSession queued = this.sessions.get(session.getId());
		return (queued != null) ? queued : session;
	}

}
