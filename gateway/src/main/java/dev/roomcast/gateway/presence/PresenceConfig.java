package dev.roomcast.gateway.presence;

import dev.roomcast.events.EventSerde;
import dev.roomcast.events.PresenceChanged;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * Presence's wiring: the producer of {@code user.presence} and the inbound-channel
 * interceptor that notes each socket's activity.
 */
@Configuration(proxyBeanMethods = false)
class PresenceConfig implements WebSocketMessageBrokerConfigurer {

	private final ObjectProvider<PresenceTracker> tracker;

	PresenceConfig(ObjectProvider<PresenceTracker> tracker) {
		this.tracker = tracker;
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(this.tracker.getObject());
	}

	@Bean
	KafkaTemplate<String, PresenceChanged> presenceKafkaTemplate(KafkaProperties properties,
			ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
		DefaultKafkaProducerFactory<String, PresenceChanged> factory = new DefaultKafkaProducerFactory<>(
				properties.buildProducerProperties(), new StringSerializer(), EventSerde.of(PresenceChanged.class));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(factory));
		return new KafkaTemplate<>(factory);
	}

}
