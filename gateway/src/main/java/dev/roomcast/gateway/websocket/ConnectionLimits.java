package dev.roomcast.gateway.websocket;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;

import dev.roomcast.session.ProblemBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses a handshake the instance cannot take: {@code 503} with {@code Retry-After} once
 * it holds {@link WebSocketProperties#maxConnections()} sessions (the sessions it has
 * keep working; a client backs off and tries again, perhaps reaching another instance),
 * and {@code 429} once the user holds
 * {@link WebSocketProperties#maxConnectionsPerUser()}. Both answer a problem JSON body,
 * and are counted in {@code roomcast.websocket.refused{reason}}.
 */
public class ConnectionLimits implements HandshakeInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionLimits.class);

	/** Seconds a client refused for the instance's limit should wait. */
	static final int RETRY_AFTER_SECONDS = 5;

	private final ClientSessions sessions;

	private final WebSocketProperties properties;

	public ConnectionLimits(ClientSessions sessions, WebSocketProperties properties) {
		this.sessions = sessions;
		this.properties = properties;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) throws IOException {
		if (this.sessions.count() >= this.sessions.maxConnections()) {
			this.sessions.refused("instance");
			logger.debug("Refused a WebSocket handshake: {} sessions open, the limit", this.sessions.count());
			refuse(response, HttpStatus.SERVICE_UNAVAILABLE, "This gateway is at its connection limit ("
					+ this.sessions.maxConnections() + "); try again in " + RETRY_AFTER_SECONDS + " s");
			return false;
		}
		Principal user = request.getPrincipal();
		if (user != null && this.sessions.count(user.getName()) >= this.properties.maxConnectionsPerUser()) {
			this.sessions.refused("per-user");
			refuse(response, HttpStatus.TOO_MANY_REQUESTS, "Too many connections for this user: at most "
					+ this.properties.maxConnectionsPerUser() + "; close one first");
			return false;
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Exception exception) {
	}

	private static void refuse(ServerHttpResponse response, HttpStatus status, String detail) throws IOException {
		response.setStatusCode(status);
		response.getHeaders().set("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getBody().write(JsonMapper.shared().writeValueAsBytes(ProblemBody.of(status, detail, "/ws")));
	}

}
