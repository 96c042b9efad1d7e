package dev.roomcast.session;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How much input one HTTP request may bring, the same on every service and the gateway.
 *
 * @param maxBodySize the largest request body; a larger one is answered {@code 413}
 * before anything reads it (the largest legitimate body, a group room with 100 members,
 * is a few KB)
 * @param json limits of the application's JSON parser
 */
@Validated
@ConfigurationProperties("roomcast.http")
public record RequestLimitsProperties(@DefaultValue("64KB") @NotNull DataSize maxBodySize,
		@DefaultValue @NotNull Json json) {

	/**
	 * Jackson's {@code StreamReadConstraints} for the application's {@code JsonMapper}
	 * (request bodies, and responses read with Boot's HTTP clients, hence document and
	 * string limits above the body size).
	 *
	 * @param maxNestingDepth the deepest nesting of objects and arrays
	 * @param maxStringLength the longest string value, in characters
	 * @param maxNumberLength the longest number, in digits
	 * @param maxNameLength the longest property name, in characters
	 * @param maxDocumentLength the longest document
	 */
	public record Json(@DefaultValue("64") @Min(1) int maxNestingDepth,
			@DefaultValue("1000000") @Min(1) int maxStringLength, @DefaultValue("100") @Min(1) int maxNumberLength,
			@DefaultValue("1000") @Min(1) int maxNameLength, @DefaultValue("8MB") @NotNull DataSize maxDocumentLength) {
	}

}
