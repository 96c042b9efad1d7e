package dev.roomcast.infra.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import dev.roomcast.events.ChainHeadSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class AuditSigningKeysTests {

	@TempDir
	Path dataDir;

	@Test
	void generatesOnePairOnTheFirstRunAndKeepsIt() throws Exception {
		AuditSigningKeys first = AuditSigningKeys.of(this.dataDir);
		AuditSigningKeys again = AuditSigningKeys.of(this.dataDir);
		assertThat(again).isEqualTo(first);
		Properties chat = new Properties();
		try (var in = Files.newInputStream(first.privateKeyFile())) {
			chat.load(in);
		}
		String privateKey = chat.getProperty("roomcast.audit.signing.private-key");
		assertThat(ChainHeadSignature.encode(ChainHeadSignature.publicKeyOf(ChainHeadSignature.privateKey(privateKey))))
			.isEqualTo(first.publicKey());
		assertThat(first.persistenceProperties()).containsEntry("roomcast.audit.signing.public-key", first.publicKey());
		assertThat(first.chatProperties().get("spring.config.import")).startsWith("optional:file:")
			.endsWith(first.privateKeyFile().getFileName().toString());
		assertThat(first.chatProperties().toString()).doesNotContain(privateKey);
	}

}
