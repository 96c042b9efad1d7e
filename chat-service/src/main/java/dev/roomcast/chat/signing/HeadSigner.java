package dev.roomcast.chat.signing;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;

import dev.roomcast.events.ChainHeadSignature;
import dev.roomcast.events.ChainHeadSigned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.StringUtils;

/**
 * Signs room chain heads with chat-service's Ed25519 key.
 */
public final class HeadSigner {

	private static final Logger logger = LoggerFactory.getLogger(HeadSigner.class);

	private final PrivateKey key;

	private final String keyId;

	/**
	 * A signer for a private key.
	 * @param key the Ed25519 private key
	 */
	public HeadSigner(PrivateKey key) {
		this.key = key;
		this.keyId = ChainHeadSignature.keyId(ChainHeadSignature.publicKeyOf(key));
	}

	/**
	 * The signer of the configured key, or of a key generated now when none is
	 * configured.
	 * @param properties the key setting
	 * @return the signer
	 */
	public static HeadSigner of(AuditSigningProperties properties) {
		if (StringUtils.hasText(properties.privateKey())) {
			HeadSigner signer = new HeadSigner(ChainHeadSignature.privateKey(properties.privateKey()));
			logger.info("Signing chain heads with key {}", signer.keyId());
			return signer;
		}
		KeyPair pair = ChainHeadSignature.generateKeyPair();
		HeadSigner signer = new HeadSigner(pair.getPrivate());
		logger.warn(
				"roomcast.audit.signing.private-key is not set: signing chain heads with an ephemeral key {} "
						+ "(public key {}); auditors cannot verify these signatures once this instance stops",
				signer.keyId(), ChainHeadSignature.encode(pair.getPublic()));
		return signer;
	}

	/**
	 * Signs a room's head.
	 * @param roomId the room
	 * @param seq the head's seq
	 * @param hash the head's hash
	 * @param at when
	 * @return the signed head
	 */
	public ChainHeadSigned sign(String roomId, long seq, String hash, Instant at) {
		return ChainHeadSignature.sign(this.key, this.keyId, roomId, seq, hash, at);
	}

	/**
	 * The id of the public key.
	 * @return the key id
	 */
	public String keyId() {
		return this.keyId;
	}

}
