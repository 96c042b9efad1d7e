package dev.roomcast.persistence.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the auditor's side of persistence-service.
 *
 * @param signing the key chain heads are verified with
 * @param compareWindow how many seqs of a room a replay compares with MongoDB at once
 * @param keptReplays how many finished replays are kept in memory for their reports
 * @param rebuild how fast a rebuild reads the log
 */
@Validated
@ConfigurationProperties("roomcast.audit")
record AuditProperties(@DefaultValue Signing signing, @DefaultValue("500") @Min(1) @Max(10_000) int compareWindow,
		@DefaultValue("50") @Min(1) int keptReplays, @DefaultValue Rebuild rebuild) {

	/**
	 * @param publicKey the Ed25519 public key chat-service's signatures are checked with,
	 * Base64 of its X.509 encoding; unset, signed heads are reported as unverified
	 */
	record Signing(String publicKey) {
	}

	/**
	 * @param batchSize how many log records a rebuild reads, writes and saves its
	 * progress for at a time
	 * @param maxEventsPerSecond a ceiling on the rate a rebuild reads the log at, to
	 * leave the store to the live projection; 0 for none
	 */
	record Rebuild(@DefaultValue("2000") @Min(1) @Max(10_000) int batchSize,
			@DefaultValue("0") @Min(0) int maxEventsPerSecond) {
	}

}
