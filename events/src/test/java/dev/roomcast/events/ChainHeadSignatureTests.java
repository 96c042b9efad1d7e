package dev.roomcast.events;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ChainHeadSignatureTests {

	/** A key pair made for these tests only. */
	static final String FIXED_PRIVATE_KEY = "MC4CAQAwBQYDK2VwBCIEIERb5yl94g3ouj7Ibqr1oCBh3P+RQjBWZinHOE+UagKg";

	static final String FIXED_PUBLIC_KEY = "MCowBQYDK2VwAyEAK0r2l+8lxoKMkbS1dQ/p1O8aWDF9LseRChDOzhjxH5g=";

	private static final Instant AT = Instant.parse("2026-11-27T08:00:00Z");

	@Test
	void aSignedHeadVerifiesWithThePublicKey() {
		KeyPair pair = ChainHeadSignature.generateKeyPair();
		String keyId = ChainHeadSignature.keyId(pair.getPublic());
		ChainHeadSigned head = ChainHeadSignature.sign(pair.getPrivate(), keyId, "r-1", 42, "ab".repeat(32), AT);
		assertThat(ChainHeadSignature.verify(head, pair.getPublic())).isTrue();
		assertThat(head.keyId()).hasSize(16).isEqualTo(keyId);
		assertThat(head.schemaVersion()).isEqualTo(ChainHeadSigned.SCHEMA_VERSION);
	}

	@Test
	void anAlteredHeadOrAnotherKeyDoesNotVerify() {
		KeyPair pair = ChainHeadSignature.generateKeyPair();
		ChainHeadSigned head = ChainHeadSignature.sign(pair.getPrivate(), "k", "r-1", 42, "ab".repeat(32), AT);
		assertThat(ChainHeadSignature.verify(withSeq(head, 43), pair.getPublic())).isFalse();
		assertThat(ChainHeadSignature.verify(withHash(head, "cd".repeat(32)), pair.getPublic())).isFalse();
		assertThat(ChainHeadSignature.verify(head, ChainHeadSignature.generateKeyPair().getPublic())).isFalse();
		assertThat(ChainHeadSignature.verify(withSignature(head, "not base64!"), pair.getPublic())).isFalse();
		assertThat(ChainHeadSignature.verify(withSignature(head, null), pair.getPublic())).isFalse();
	}

	@Test
	void payloadIsRoomSeqAndHashOnLines() {
		assertThat(new String(ChainHeadSignature.payload("r-1", 7, "abc"), java.nio.charset.StandardCharsets.UTF_8))
			.isEqualTo("r-1\n7\nabc");
	}

	@Test
	void keysRoundTripThroughBase64AndThePublicKeyIsDerivedFromThePrivateOne() {
		PrivateKey key = ChainHeadSignature.privateKey(FIXED_PRIVATE_KEY);
		PublicKey publicKey = ChainHeadSignature.publicKey(FIXED_PUBLIC_KEY);
		assertThat(ChainHeadSignature.encode(key)).isEqualTo(FIXED_PRIVATE_KEY);
		assertThat(ChainHeadSignature.encode(ChainHeadSignature.publicKeyOf(key))).isEqualTo(FIXED_PUBLIC_KEY);
		KeyPair fresh = ChainHeadSignature.generateKeyPair();
		assertThat(ChainHeadSignature.publicKeyOf(fresh.getPrivate()).getEncoded())
			.isEqualTo(fresh.getPublic().getEncoded());
		assertThat(ChainHeadSignature.keyId(publicKey)).matches("[0-9a-f]{16}");
	}

	@Test
	void refusesWhatIsNoKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChainHeadSignature.privateKey(FIXED_PUBLIC_KEY));
		assertThatIllegalArgumentException().isThrownBy(() -> ChainHeadSignature.publicKey("AAAA"));
	}

	private static ChainHeadSigned withSeq(ChainHeadSigned h, long seq) {
		return new ChainHeadSigned(h.schemaVersion(), h.eventId(), h.occurredAt(), h.roomId(), seq, h.hash(), h.keyId(),
				h.signature());
	}

	private static ChainHeadSigned withHash(ChainHeadSigned h, String hash) {
		return new ChainHeadSigned(h.schemaVersion(), h.eventId(), h.occurredAt(), h.roomId(), h.seq(), hash, h.keyId(),
				h.signature());
	}

	private static ChainHeadSigned withSignature(ChainHeadSigned h, String signature) {
		return new ChainHeadSigned(h.schemaVersion(), h.eventId(), h.occurredAt(), h.roomId(), h.seq(), h.hash(),
				h.keyId(), signature);
	}

}
