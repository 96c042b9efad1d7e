package dev.roomcast.testsupport.integration;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.roomcast.testsupport.servers.TestInfrastructure;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points a service under test at the shared real servers of the JVM
 * ({@link TestInfrastructure}): Kafka, Redis, and the MongoDB database the service's own
 * {@code spring.mongodb.uri} names, on the shared store. Each context also gets a fresh
 * Kafka Streams state folder under the servers' data folder. The customizer is the same
 * for every test class, so it never splits the context cache.
 */
public final class SharedServersContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new SharedServers();
	}

	private static final class SharedServers implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			ConfigurableEnvironment environment = context.getEnvironment();
			Map<String, Object> properties = new LinkedHashMap<>(
					TestInfrastructure.shared().springProperties(database(environment)));
			properties.put("spring.kafka.streams.state-dir",
					TestInfrastructure.newFolder("kafka-streams-state-").toString());
			environment.getPropertySources().addFirst(new MapPropertySource("roomcastSharedServers", properties));
		}

		private static String database(ConfigurableEnvironment environment) {
			String configured = environment.getProperty("spring.mongodb.uri");
			if (configured == null) {
				return null;
			}
			String path = URI.create(configured).getPath();
			return (path == null || path.length() <= 1) ? null : path.substring(1);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof SharedServers;
		}

		@Override
		public int hashCode() {
			return SharedServers.class.hashCode();
		}

	}

}
