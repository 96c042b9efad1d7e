package dev.roomcast.gateway.config;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Jetty's thread pool keeps no reserved threads: a selector that finds a socket ready
 * then hands the read to an idle pool thread instead of waking a reserved thread to take
 * over selecting. At 1,000 msgs/s that cost the gateway ~19 % less CPU per message
 * (docs/decisions.md).
 */
@Configuration(proxyBeanMethods = false)
class JettyThreadsConfig {

	@Bean
	JettyServerCustomizer reservedThreads(@Value("${roomcast.gateway.jetty.reserved-threads:0}") int reserved) {
		return (server) -> {
			if (server.getThreadPool() instanceof QueuedThreadPool pool) {
				pool.setReservedThreads(reserved);
			}
		};
	}

}
