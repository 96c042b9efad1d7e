package dev.roomcast.persistence;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import dev.roomcast.events.ChainHeadSignature;
import dev.roomcast.events.ChainHeadSigned;

/**
 * The Ed25519 key pair of the tests: its public key is persistence-service's, its private
 * key signs chain heads as chat-service would.
 */
public final class TestSigningKeys {

	/** The private key that signs; its public key is in application-test.yml. */
	private static final KeyPair PAIR = new KeyPair(
			ChainHeadSignature.publicKey("MCowBQYDK2VwAyEA9z+b7J40m9o0mBdetyOgiJCDysvZiXWlMNgV6jM10uU="),
			ChainHeadSignature.privateKey("MC4CAQAwBQYDK2VwBCIEIJdI+j2MS8rdep/N7CwgpfaYO8MQY3bqiLwoA583pdEY"));

	private TestSigningKeys() {
	}

	public static String publicKeyBase64() {
		return Base64.getEncoder().encodeToString(PAIR.getPublic().getEncoded());
	}

	public static String keyId() {
		return ChainHeadSignature.keyId(PAIR.getPublic());
	}

	/**
	 * A head signed with the test key.
	 * @param roomId the room
	 * @param seq the seq
	 * @param hash the hash at that seq
	 * @return the signed head
	 */
	public static ChainHeadSigned sign(String roomId, long seq, String hash) {
		try {
			Signature signer = Signature.getInstance(ChainHeadSignature.ALGORITHM);
			signer.initSign(PAIR.getPrivate());
			signer.update(ChainHeadSignature.payload(roomId, seq, hash));
			return new ChainHeadSigned(ChainHeadSigned.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
					roomId, seq, hash, keyId(), Base64.getEncoder().encodeToString(signer.sign()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
