package dev.roomcast.gateway.typing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** The Redis subscription that brings typing signals from every gateway instance. */
@Configuration(proxyBeanMethods = false)
class TypingConfig {

	@Bean
	RedisMessageListenerContainer typingListenerContainer(RedisConnectionFactory connectionFactory, TypingRelay relay) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		container.addMessageListener(relay, new ChannelTopic(TypingRelay.CHANNEL));
		return container;
	}

}
