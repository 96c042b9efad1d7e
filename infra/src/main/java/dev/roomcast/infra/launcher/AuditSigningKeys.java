package dev.roomcast.infra.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Map;

import dev.roomcast.events.ChainHeadSignature;

/**
 * The local run's chain-head signing key pair, generated into {@code .data/audit/} on the
 * first run and reused afterwards, so that heads signed in earlier runs still verify.
 * chat-service reads the private key from a properties file only its owner can read
 * (never from its command line, which every local user can see); persistence-service gets
 * the public key as a property.
 *
 * @param privateKeyFile the properties file holding
 * {@code roomcast.audit.signing.private-key}
 * @param publicKey Base64 of the public key's X.509 encoding
 */
record AuditSigningKeys(Path privateKeyFile, String publicKey) {

	/**
	 * The key pair of a data folder, generated when it has none yet.
	 * @param dataDir the data folder
	 * @return the keys
	 */
	static AuditSigningKeys of(Path dataDir) {
		Path dir = dataDir.resolve("audit");
		Path privateFile = dir.resolve("chat-service-signing.properties");
		Path publicFile = dir.resolve("signing-public-key.txt");
		try {
			if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
				Files.createDirectories(dir);
				KeyPair pair = ChainHeadSignature.generateKeyPair();
				Files.deleteIfExists(privateFile);
				Files.createFile(privateFile);
				if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
					Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
				}
				Files.writeString(privateFile,
						"roomcast.audit.signing.private-key=" + ChainHeadSignature.encode(pair.getPrivate()) + "\n",
						StandardCharsets.UTF_8);
				Files.writeString(publicFile, ChainHeadSignature.encode(pair.getPublic()) + "\n",
						StandardCharsets.UTF_8);
			}
			return new AuditSigningKeys(privateFile, Files.readString(publicFile, StandardCharsets.UTF_8).strip());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare the audit signing keys in " + dir, ex);
		}
	}

	/**
	 * chat-service's properties: the private key, imported from its file.
	 * @return the properties
	 */
	Map<String, String> chatProperties() {
		return Map.of("spring.config.import", "optional:file:" + this.privateKeyFile.toAbsolutePath());
	}

	/**
	 * persistence-service's properties: the public key.
	 * @return the properties
	 */
	Map<String, String> persistenceProperties() {
		return Map.of("roomcast.audit.signing.public-key", this.publicKey);
	}

}
