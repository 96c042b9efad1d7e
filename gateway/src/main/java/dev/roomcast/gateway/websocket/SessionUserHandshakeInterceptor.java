package dev.roomcast.gateway.websocket;

import java.util.Map;

import dev.roomcast.session.SessionUser;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Copies the signed-in user from the shared HTTP session into the WebSocket session, so
 * that sends carry the display name without another Redis read. Only the user goes in,
 * not the whole HTTP session, and the session's id.
 */
public class SessionUserHandshakeInterceptor implements HandshakeInterceptor {

	/** The WebSocket session attribute holding the {@link SessionUser}. */
	public static final String SESSION_USER_ATTRIBUTE = SessionUser.class.getName();

	/**
	 * The WebSocket session attribute holding the id of the HTTP session the socket was
	 * opened with: the socket is closed when that session ends ({@link SessionWatch}).
	 */
	public static final String HTTP_SESSION_ID_ATTRIBUTE = "roomcast.httpSessionId";

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Map<String, Object> attributes) {
		if (request instanceof ServletServerHttpRequest servletRequest
				&& request.getPrincipal() instanceof Authentication authentication) {
			HttpSession session = servletRequest.getServletRequest().getSession(false);
			if (session != null) {
				String id = authentication.getName();
				String username = text(session.getAttribute(SessionUser.USERNAME_ATTRIBUTE), id);
				String displayName = text(session.getAttribute(SessionUser.DISPLAY_NAME_ATTRIBUTE), username);
				attributes.put(SESSION_USER_ATTRIBUTE, new SessionUser(id, username, displayName));
				attributes.put(HTTP_SESSION_ID_ATTRIBUTE, session.getId());
			}
		}
		return true;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler,
			Exception exception) {
	}

	private static String text(Object value, String fallback) {
		return (value instanceof String string && !string.isBlank()) ? string : fallback;
	}

}
