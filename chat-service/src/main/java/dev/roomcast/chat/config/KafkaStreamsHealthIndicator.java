package dev.roomcast.chat.config;

import org.apache.kafka.streams.KafkaStreams;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * The ordering topology's state, as {@code kafkaStreams} in the readiness group: UP while
 * it runs or rebalances, DOWN before it started, after an error and while it shuts down.
 * Spring Boot has no Kafka health indicator of its own.
 */
@Component("kafkaStreamsHealthIndicator")
class KafkaStreamsHealthIndicator implements HealthIndicator {

	private final StreamsBuilderFactoryBean factoryBean;

	KafkaStreamsHealthIndicator(StreamsBuilderFactoryBean factoryBean) {
		this.factoryBean = factoryBean;
	}

	@Override
	public Health health() {
		KafkaStreams streams = this.factoryBean.getKafkaStreams();
		if (streams == null) {
			return Health.down().withDetail("state", "NOT_CREATED").build();
		}
		KafkaStreams.State state = streams.state();
		Health.Builder health = (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING)
				? Health.up() : Health.down();
		return health.withDetail("state", state.name()).build();
	}

}
