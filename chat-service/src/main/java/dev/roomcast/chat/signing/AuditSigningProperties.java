package dev.roomcast.chat.signing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The key chat-service signs chain heads with.
 *
 * @param privateKey Base64 of the PKCS#8 encoding of an Ed25519 private key; blank for a
 * key generated at start, whose signatures no auditor can verify
 */
@Validated
@ConfigurationProperties("roomcast.audit.signing")
public record AuditSigningProperties(String privateKey) {

}
