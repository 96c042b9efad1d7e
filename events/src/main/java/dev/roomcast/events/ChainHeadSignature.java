package dev.roomcast.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 signatures of chain heads (JDK provider): the signed bytes are the UTF-8 of
 * {@code roomId + "\n" + seq + "\n" + hash}.
 */
public final class ChainHeadSignature {

	/** The JDK signature algorithm. */
	public static final String ALGORITHM = "Ed25519";

	private ChainHeadSignature() {
	}

	/**
	 * The bytes a head's signature covers.
	 * @param roomId the room
	 * @param seq the head's seq
	 * @param hash the head's hash
	 * @return the UTF-8 payload
	 */
	public static byte[] payload(String roomId, long seq, String hash) {
		return (roomId + "\n" + seq + "\n" + hash).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Whether a signed head's signature is valid for the key.
	 * @param head the signed head
	 * @param key the Ed25519 public key
	 * @return whether it verifies (a malformed signature does not)
	 */
	public static boolean verify(ChainHeadSigned head, PublicKey key) {
		try {
			Signature verifier = Signature.getInstance(ALGORITHM);
			verifier.initVerify(key);
			verifier.update(payload(head.roomId(), head.seq(), head.hash()));
			return verifier.verify(Base64.getDecoder().decode(head.signature()));
		}
		catch (GeneralSecurityException | IllegalArgumentException | NullPointerException ex) {
			return false;
		}
	}

	/**
	 * The id of a public key: the first 16 hex chars of SHA-256 of its X.509 encoding.
	 * @param key the key
	 * @return the key id
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

}
