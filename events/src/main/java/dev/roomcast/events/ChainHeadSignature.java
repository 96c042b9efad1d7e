package dev.roomcast.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Signing and verifying {@link ChainHeadSigned}: Ed25519 from the JDK's own provider over
 * the UTF-8 bytes of {@code roomId + "\n" + seq + "\n" + hash}. Keys travel as Base64:
 * private keys PKCS#8, public keys X.509.
 */
public final class ChainHeadSignature {

	/** The JCA algorithm name. */
	public static final String ALGORITHM = "Ed25519";

	private ChainHeadSignature() {
	}

	/**
	 * The signed bytes.
	 * @param roomId the room
	 * @param seq the head's seq
	 * @param hash the head's hash
	 * @return the UTF-8 bytes of {@code roomId + "\n" + seq + "\n" + hash}
	 */
	public static byte[] payload(String roomId, long seq, String hash) {
		return (roomId + "\n" + seq + "\n" + hash).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Signs a room's head.
	 * @param key the private key
	 * @param keyId the id of its public key, see {@link #keyId(PublicKey)}
	 * @param roomId the room
	 * @param seq the head's seq
	 * @param hash the head's hash
	 * @param at when it is signed
	 * @return the signed head
	 */
	public static ChainHeadSigned sign(PrivateKey key, String keyId, String roomId, long seq, String hash, Instant at) {
		try {
			Signature signer = Signature.getInstance(ALGORITHM);
			signer.initSign(key);
			signer.update(payload(roomId, seq, hash));
			String signature = Base64.getEncoder().encodeToString(signer.sign());
			String eventId = UUID
				.nameUUIDFromBytes(("head:" + keyId + ":" + roomId.length() + ":" + roomId + ":" + seq)
					.getBytes(StandardCharsets.UTF_8))
				.toString();
			return new ChainHeadSigned(ChainHeadSigned.SCHEMA_VERSION, eventId, at, roomId, seq, hash, keyId,
					signature);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot sign with " + ALGORITHM, ex);
		}
	}

	/**
	 * Whether a signed head was signed by the private key of a public key.
	 * @param head the signed head
	 * @param key the public key
	 * @return whether the signature verifies over the head's roomId, seq and hash; false
	 * for a missing or malformed signature
	 */
	public static boolean verify(ChainHeadSigned head, PublicKey key) {
		if (head == null || head.signature() == null || head.roomId() == null || head.hash() == null) {
			return false;
		}
		try {
			Signature verifier = Signature.getInstance(ALGORITHM);
			verifier.initVerify(key);
			verifier.update(payload(head.roomId(), head.seq(), head.hash()));
			return verifier.verify(Base64.getDecoder().decode(head.signature()));
		}
		catch (IllegalArgumentException | GeneralSecurityException ex) {
			return false;
		}
	}

	/**
	 * The id of a public key.
	 * @param key the public key
	 * @return the first 16 hex characters of the SHA-256 of its X.509 encoding
	 */
	public static String keyId(PublicKey key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()))
				.substring(0, 16);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	/**
	 * A new key pair.
	 * @return an Ed25519 key pair
	 */
	public static KeyPair generateKeyPair() {
		try {
			return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ALGORITHM + " is required of every JVM", ex);
		}
	}

	/**
	 * Reads a private key.
	 * @param base64 Base64 of its PKCS#8 encoding
	 * @return the key
	 * @throws IllegalArgumentException when it is no Ed25519 private key
	 */
	public static PrivateKey privateKey(String base64) {
		try {
			return KeyFactory.getInstance(ALGORITHM)
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("Not a Base64 PKCS#8 " + ALGORITHM + " private key", ex);
		}
	}

	/**
	 * Reads a public key.
	 * @param base64 Base64 of its X.509 encoding
	 * @return the key
	 * @throws IllegalArgumentException when it is no Ed25519 public key
	 */
	public static PublicKey publicKey(String base64) {
		try {
			return KeyFactory.getInstance(ALGORITHM)
				.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("Not a Base64 X.509 " + ALGORITHM + " public key", ex);
		}
	}

	/**
	 * The public key of a private key's pair, computed by the JDK's own key pair
	 * generator fed the private key's seed as its randomness.
	 * @param key an Ed25519 private key
	 * @return the matching public key
	 */
	public static PublicKey publicKeyOf(PrivateKey key) {
		byte[] seed = ((EdECPrivateKey) key).getBytes()
			.orElseThrow(() -> new IllegalArgumentException("The private key's bytes are not available"));
		SecureRandom fixed = new SecureRandom() {

			@Override
			public void nextBytes(byte[] bytes) {
				System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
			}

		};
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
			generator.initialize(NamedParameterSpec.ED25519, fixed);
			KeyPair pair = generator.generateKeyPair();
			if (!Arrays.equals(pair.getPrivate().getEncoded(), key.getEncoded())) {
				throw new IllegalArgumentException("Cannot derive the public key of this private key");
			}
			return pair.getPublic();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ALGORITHM + " is required of every JVM", ex);
		}
	}

	/**
	 * Encodes a public key.
	 * @param key the key
	 * @return Base64 of its X.509 encoding
	 */
	public static String encode(PublicKey key) {
		return Base64.getEncoder().encodeToString(key.getEncoded());
	}

	/**
	 * Encodes a private key.
	 * @param key the key
	 * @return Base64 of its PKCS#8 encoding
	 */
	public static String encode(PrivateKey key) {
		return Base64.getEncoder().encodeToString(key.getEncoded());
	}

}
