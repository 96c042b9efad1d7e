package dev.roomcast.gateway.websocket;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Gives the STOMP endpoint the {@link StrictStompDecoder}: Spring's message broker
 * configuration has no setting for the decoder, so it is set on the endpoint's
 * {@link StompSubProtocolHandler} before the server accepts connections.
 */
@Component
class StrictStompFrames implements SmartInitializingSingleton {

	private final ApplicationContext context;

	private final WebSocketProperties properties;

	StrictStompFrames(ApplicationContext context, WebSocketProperties properties) {
		this.context = context;
		this.properties = properties;
	}

	@Override
	public void afterSingletonsInstantiated() {
		WebSocketHandler handler = this.context.getBean("subProtocolWebSocketHandler", WebSocketHandler.class);
		if (!(WebSocketHandlerDecorator.unwrap(handler) instanceof SubProtocolWebSocketHandler subProtocols)) {
			throw new IllegalStateException("No SubProtocolWebSocketHandler: " + handler);
		}
		StompSubProtocolHandler stomp = subProtocols.getProtocolHandlers()
			.stream()
			.filter(StompSubProtocolHandler.class::isInstance)
			.map(StompSubProtocolHandler.class::cast)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No STOMP handler on " + subProtocols));
		StrictStompDecoder decoder = new StrictStompDecoder((int) this.properties.messageSizeLimit().toBytes());
		decoder.setHeaderInitializer(stomp.getHeaderInitializer());
		stomp.setDecoder(decoder);
	}

}
