package dev.roomcast.persistence;

import dev.roomcast.infra.TestInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one application context of persistence-service's integration tests (shared through
 * the context cache, so one listener owns the partitions), on the real servers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class PersistenceIntegrationTestSupport {

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		TestInfrastructure.register("roomcast-messages", registry::add);
		registry.add("roomcast.audit.signing.public-key", TestSigningKeys::publicKeyBase64);
	}

}
