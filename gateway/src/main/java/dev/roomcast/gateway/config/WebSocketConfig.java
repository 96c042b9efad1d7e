package dev.roomcast.gateway.config;

import java.util.List;

import dev.roomcast.gateway.delivery.RoomSubscriptionGuard;
import dev.roomcast.gateway.message.MessageMdcInterceptor;
import dev.roomcast.gateway.websocket.ClientSessions;
import dev.roomcast.gateway.websocket.ConnectionLimits;
import dev.roomcast.gateway.websocket.SessionUserHandshakeInterceptor;
import dev.roomcast.gateway.websocket.WebSocketProperties;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * STOMP 1.2 over plain WebSocket at {@code /ws}. Both client channels are synchronous:
 * frames of one connection are handled in order on its own thread. Room subscriptions are
 * kept by the gateway itself ({@code RoomSubscriptionGuard}, {@code RoomFanOut}), not by
 * the simple broker, which serves only the user queues ({@code /user/queue/errors},
 * {@code /user/queue/updates}): room events go from the Kafka consumer thread straight
 * into each subscriber's bounded outbound queue ({@link ClientSessions}), which writer
 * threads drain; a client that stops reading never blocks the consumer or other clients.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class WebSocketConfig implements WebSocketMessageBrokerConfigurer {

	private final WebSocketProperties properties;

	private final ClientSessions clientSessions;

	private final RoomSubscriptionGuard subscriptionGuard;

	WebSocketConfig(WebSocketProperties properties, ClientSessions clientSessions,
			RoomSubscriptionGuard subscriptionGuard) {
		this.properties = properties;
		this.clientSessions = clientSessions;
		this.subscriptionGuard = subscriptionGuard;
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws")
			.setAllowedOrigins(this.properties.allowedOrigins().toArray(String[]::new))
			.addInterceptors(new ConnectionLimits(this.clientSessions, this.properties),
					new SessionUserHandshakeInterceptor());
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.setApplicationDestinationPrefixes("/app");
		registry.setUserDestinationPrefix("/user");
		long heartbeat = this.properties.heartbeat().toMillis();
		registry.enableSimpleBroker("/topic", "/queue")
			.setHeartbeatValue(new long[] { heartbeat, heartbeat })
			.setTaskScheduler(heartbeatScheduler());
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.setMessageSizeLimit((int) this.properties.messageSizeLimit().toBytes())
			.setSendTimeLimit((int) this.properties.sendTimeLimit().toMillis())
			.setSendBufferSizeLimit((int) this.properties.sendBufferSizeLimit().toBytes())
			.setTimeToFirstMessage(30_000)
			.addDecoratorFactory(this.clientSessions);
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.executor(new SyncTaskExecutor()).interceptors(this.subscriptionGuard, new MessageMdcInterceptor());
	}

	@Override
	public void configureClientOutboundChannel(ChannelRegistration registration) {
		registration.executor(new SyncTaskExecutor());
	}

	@Override
	public boolean configureMessageConverters(List<MessageConverter> messageConverters) {
		messageConverters.add(0, new StompJsonConverter());
		return true;
	}

	private static ThreadPoolTaskScheduler heartbeatScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix("stomp-heartbeat-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		return scheduler;
	}

}
