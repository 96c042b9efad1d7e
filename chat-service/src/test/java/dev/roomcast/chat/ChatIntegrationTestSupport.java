package dev.roomcast.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

import dev.roomcast.events.ChainHeadSignature;

import dev.roomcast.infra.TestInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one application context of chat-service's integration tests (shared through the
 * context cache, so that a single Kafka Streams instance owns the partitions), on the
 * real servers with a fresh state folder.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ChatIntegrationTestSupport {

	private static final Path STATE_DIR = createStateDir();

	/** The key pair chat-service signs chain heads with in these tests. */
	protected static final KeyPair SIGNING_KEYS = ChainHeadSignature.generateKeyPair();

	/** Heads are signed after this many events of a room in these tests. */
	protected static final int SIGN_EVERY_EVENTS = 5;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		TestInfrastructure.register(null, registry::add);
		registry.add("spring.kafka.streams.state-dir", STATE_DIR::toString);
		registry.add("roomcast.audit.signing.private-key", () -> ChainHeadSignature.encode(SIGNING_KEYS.getPrivate()));
		registry.add("roomcast.chat.signing.every-events", () -> SIGN_EVERY_EVENTS);
		registry.add("roomcast.chat.signing.every", () -> "2s");
	}

	private static Path createStateDir() {
		try {
			return Files.createTempDirectory("chat-service-state-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
