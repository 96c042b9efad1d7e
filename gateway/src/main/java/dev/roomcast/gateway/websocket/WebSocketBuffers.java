package dev.roomcast.gateway.websocket;

import org.apache.catalina.connector.Connector;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Gives the connector's sockets read and write buffers of
 * {@link WebSocketProperties#bufferSize()} instead of Tomcat's 8 KiB each: an upgraded
 * connection keeps both for as long as it is open, so 10,000 idle WebSocket sessions held
 * 160 MiB of them. Requests and responses larger than a buffer take more reads and
 * writes.
 */
@Component
class WebSocketBuffers implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

	static final String READ_BUFFER = "socket.appReadBufSize";

	static final String WRITE_BUFFER = "socket.appWriteBufSize";

	private final WebSocketProperties properties;

	WebSocketBuffers(WebSocketProperties properties) {
		this.properties = properties;
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		String size = Long.toString(this.properties.bufferSize().toBytes());
		factory.addConnectorCustomizers((connector) -> {
			set(connector, READ_BUFFER, size);
			set(connector, WRITE_BUFFER, size);
		});
	}

	private static void set(Connector connector, String property, String value) {
		if (!connector.setProperty(property, value)) {
			throw new IllegalStateException("Tomcat's connector has no property " + property);
		}
	}

}
