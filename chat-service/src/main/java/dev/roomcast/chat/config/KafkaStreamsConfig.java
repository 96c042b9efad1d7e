package dev.roomcast.chat.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Properties;

import dev.roomcast.events.RoomDirectory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.util.StringUtils;

/**
 * Kafka Streams wiring. The streams settings themselves ({@code exactly_once_v2}, commit
 * interval, poll time, linger) are in {@code application.yml} under
 * {@code spring.kafka.streams.properties}.
 *
 * <p>
 * Membership comes from the shared {@link RoomDirectory} (kafka-support's reader of
 * {@code account.rooms}, caught up before the streams start) rather than a GlobalKTable:
 * a room created a moment ago may not have arrived yet when its first message is ordered,
 * and {@link RoomDirectory#awaitMember} can wait those few milliseconds for it, whereas a
 * global store lookup can only answer "not yet".
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class KafkaStreamsConfig {

	private static final Logger logger = LoggerFactory.getLogger(KafkaStreamsConfig.class);

	/**
	 * Static membership, so that an instance restarted after a crash gets its partitions
	 * back at once instead of after the session timeout; and a thread that dies of an
	 * unexpected error is replaced (exactly-once makes the retry safe) rather than taking
	 * the service down.
	 */
	@Bean
	StreamsBuilderFactoryBeanConfigurer chatStreamsConfigurer(ChatProperties properties, Environment environment) {
		return (factoryBean) -> {
			String instanceId = instanceId(properties, environment);
			if (instanceId != null) {
				Properties streams = factoryBean.getStreamsConfiguration();
				streams.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
				factoryBean.setStreamsConfiguration(streams);
				logger.info("Kafka Streams static membership as {}", instanceId);
			}
			factoryBean.setStreamsUncaughtExceptionHandler((ex) -> {
				logger.error("Stream thread failed; replacing it", ex);
				return StreamThreadExceptionResponse.REPLACE_THREAD;
			});
		};
	}

	private static String instanceId(ChatProperties properties, Environment environment) {
		if (StringUtils.hasText(properties.instanceId())) {
			return properties.instanceId();
		}
		int port = environment.getProperty("server.port", Integer.class, 8080);
		if (port <= 0) {
			// a random port changes at every start: two instances could share an id
			return null;
		}
		return hostName() + "-" + port;
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
