package dev.roomcast.gateway.websocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Sizes Tomcat's per-session WebSocket buffers (read, write, encoding: 8 KiB each by
 * default) from {@link WebSocketProperties#bufferSize()}. Tomcat reads them from a system
 * property, once, when its WebSocket classes load, so this sets it as soon as the
 * environment is known, before the web server starts (registered in
 * {@code META-INF/spring.factories}). A value set on the command line
 * ({@code -Dorg.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE=...}) is left alone.
 */
class TomcatWebSocketBufferSize implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	static final String SYSTEM_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	private static final Logger logger = LoggerFactory.getLogger(TomcatWebSocketBufferSize.class);

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		String size = Long.toString(bufferSize(event.getEnvironment()).toBytes());
		String set = System.getProperty(SYSTEM_PROPERTY);
		if (set == null) {
			System.setProperty(SYSTEM_PROPERTY, size);
		}
		else if (!set.equals(size)) {
			logger.info("Tomcat's WebSocket buffers are {} bytes ({} is set), not {}", set, SYSTEM_PROPERTY, size);
		}
	}

	/**
	 * The configured buffer size.
	 * @param environment the application's environment
	 * @return {@code roomcast.gateway.websocket.buffer-size}, or its default
	 */
	static DataSize bufferSize(Environment environment) {
		return Binder.get(environment)
			.bind(WebSocketProperties.BUFFER_SIZE_PROPERTY, DataSize.class)
			.orElse(DataSize.parse(WebSocketProperties.DEFAULT_BUFFER_SIZE));
	}

}
