package dev.roomcast.persistence.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import dev.roomcast.events.ChainHeadSignature;

import org.springframework.stereotype.Component;

/**
 * The configured public key of the chain-head signatures, if any.
 */
@Component
class SigningKey {

	private final PublicKey key;

	private final String base64;

	SigningKey(AuditProperties properties) {
		String configured = (properties.signing() != null) ? properties.signing().publicKey() : null;
		if (configured == null || configured.isBlank()) {
			this.key = null;
			this.base64 = null;
			return;
		}
		this.base64 = configured.strip();
		try {
			this.key = KeyFactory.getInstance(ChainHeadSignature.ALGORITHM)
				.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(this.base64)));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException(
					"roomcast.audit.signing.public-key is not a Base64 X.509 Ed25519 public key", ex);
		}
	}

	/**
	 * The key.
	 * @return the key, or {@code null} when none is configured
	 */
	PublicKey key() {
		return this.key;
	}

	/**
	 * The key as configured.
	 * @return Base64 of its X.509 encoding, or {@code null}
	 */
	String base64() {
		return this.base64;
	}

}
