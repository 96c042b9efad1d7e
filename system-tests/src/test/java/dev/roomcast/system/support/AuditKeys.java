package dev.roomcast.system.support;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * The system tests' signing key pair (chat-service signs chain heads with the private
 * key, persistence-service verifies with the public one) and bootstrap auditor.
 */
public final class AuditKeys {

	/** The bootstrap auditor's username. */
	public static final String AUDITOR = "system-auditor";

	/** The bootstrap auditor's password. */
	public static final String AUDITOR_PASSWORD = "system-audit-secret";

	private static final KeyPair PAIR = generate();

	private AuditKeys() {
	}

	static String privateKeyBase64() {
		return Base64.getEncoder().encodeToString(PAIR.getPrivate().getEncoded());
	}

	static String publicKeyBase64() {
		return Base64.getEncoder().encodeToString(PAIR.getPublic().getEncoded());
	}

	private static KeyPair generate() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
