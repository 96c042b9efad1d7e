package dev.roomcast.events;

import java.time.Instant;

/**
 * A signature over a room's chain head: chat-service vouches that the room's event
 * {@code seq} has hash {@code hash}. Topic {@link Topics#CHAT_CHAIN_HEADS}, key roomId,
 * kept forever. Written by chat-service at least every N events of a room and every T
 * while the head moved; read by auditors, who verify it with the public key (see
 * {@link ChainHeadSignature}). A chain recomputed after tampering cannot reproduce these
 * signatures without the private key.
 *
 * <p>
 * Version 1: all fields.
 *
 * @param schemaVersion the schema version, {@value #SCHEMA_VERSION}
 * @param eventId unique id of this event (derived from roomId, seq and keyId)
 * @param occurredAt when it was signed
 * @param roomId the room
 * @param seq the seq of the room's event at the head
 * @param hash that event's hash
 * @param keyId the signing key: the first 16 hex characters of the SHA-256 of its public
 * key's X.509 encoding
 * @param signature Base64 of the Ed25519 signature over
 * {@link ChainHeadSignature#payload(String, long, String)}
 */
public record ChainHeadSigned(int schemaVersion, String eventId, Instant occurredAt, String roomId, long seq,
		String hash, String keyId, String signature) {

	/** The version this code writes. */
	public static final int SCHEMA_VERSION = 1;

}
