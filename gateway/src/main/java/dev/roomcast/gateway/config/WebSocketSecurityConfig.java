package dev.roomcast.gateway.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.socket.EnableWebSocketSecurity;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager;

/**
 * STOMP frames authorised per destination; anything not listed is denied. CONNECT must
 * carry the XOR-masked CSRF token in {@code X-XSRF-TOKEN}:
 * {@code @EnableWebSocketSecurity} checks it against the token the handshake copied from
 * the {@code XSRF-TOKEN} cookie. Room membership for subscriptions is checked after this,
 * by {@code RoomSubscriptionGuard}, and for sends by {@code MessageController} and
 * {@code ReadController}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketSecurity
class WebSocketSecurityConfig {

	@Bean
	AuthorizationManager<Message<?>> messageAuthorizationManager(
			MessageMatcherDelegatingAuthorizationManager.Builder messages) {
		return messages
			.simpTypeMatchers(SimpMessageType.CONNECT, SimpMessageType.HEARTBEAT, SimpMessageType.UNSUBSCRIBE,
					SimpMessageType.DISCONNECT)
			.authenticated()
			.simpSubscribeDestMatchers("/user/queue/errors", "/user/queue/updates", "/topic/rooms/*",
					"/topic/rooms/*/typing")
			.authenticated()
			.simpMessageDestMatchers("/app/rooms/*/messages", "/app/rooms/*/read", "/app/rooms/*/typing")
			.authenticated()
			.simpMessageDestMatchers("/app/rooms/*/edits", "/app/rooms/*/deletions")
			.authenticated()
			.anyMessage()
			.denyAll()
			.build();
	}

}
