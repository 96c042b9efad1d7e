package dev.roomcast.system.containers;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Kafka, MongoDB and Redis as containers, the images of docker-compose.yml. Spring Boot
 * turns each {@link ServiceConnection} into its connection details, which
 * {@link ContainersSystemTests} hands to the services it starts.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration(ServiceConnectionAutoConfiguration.class)
class RoomcastContainers {

	@Bean
	@ServiceConnection
	KafkaContainer kafka() {
		return new KafkaContainer("apache/kafka:4.1.2");
	}

	@Bean
	@ServiceConnection
	MongoDBContainer mongo() {
		return new MongoDBContainer("mongo:8.0.15");
	}

	@Bean
	@ServiceConnection(name = "redis")
	GenericContainer<?> redis() {
		return new GenericContainer<>("redis:7.4.6").withExposedPorts(6379);
	}

}
