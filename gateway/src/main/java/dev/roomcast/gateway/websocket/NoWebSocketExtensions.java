package dev.roomcast.gateway.websocket;

import java.util.List;

import jakarta.servlet.ServletContext;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.websocket.core.WebSocketExtensionRegistry;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.stereotype.Component;

/**
 * Takes every WebSocket extension out of Jetty's registry, so that none is negotiated.
 * Browsers offer {@code permessage-deflate}, and Jetty accepts it by default, giving each
 * such session a zlib deflater and inflater: about 260 KiB of native memory a connection,
 * kept while it is open, to compress frames of a few hundred bytes (docs/decisions.md).
 * Jetty negotiates from the request's header itself, whatever Spring's handshake handler
 * selects, hence its registry.
 */
@Component
class NoWebSocketExtensions implements ServletContextInitializer {

	@Override
	public void onStartup(ServletContext servletContext) {
		ServletContextHandler context = ServletContextHandler.getServletContextHandler(servletContext);
		WebSocketExtensionRegistry extensions = WebSocketServerComponents
			.ensureWebSocketComponents(context.getServer(), context)
			.getExtensionRegistry();
		List.copyOf(extensions.getAvailableExtensionNames()).forEach(extensions::unregister);
	}

}
