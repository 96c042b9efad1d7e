package dev.roomcast.events;

import java.time.Instant;

/**
 * A signed head of a room's hash chain. Topic {@link Topics#CHAT_CHAIN_HEADS}, key
 * roomId, kept forever. Written by chat-service; read by audit replays, which check the
 * signature and that the log (and the store) hold {@code hash} at {@code seq}.
 *
 * @param schemaVersion the schema version, {@value #SCHEMA_VERSION}
 * @param eventId unique id of this event
 * @param occurredAt when it was signed
 * @param roomId the room
 * @param seq the head's seq
 * @param hash the head's hash
 * @param keyId the signing key's id (first 16 hex chars of SHA-256 of its X.509 form)
 * @param signature Base64 Ed25519 signature of {@link ChainHeadSignature#payload}
 */
public record ChainHeadSigned(int schemaVersion, String eventId, Instant occurredAt, String roomId, long seq,
		String hash, String keyId, String signature) {

	/** The version this code writes. */
	public static final int SCHEMA_VERSION = 1;

}
