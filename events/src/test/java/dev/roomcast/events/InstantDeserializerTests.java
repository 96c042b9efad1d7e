package dev.roomcast.events;

import java.time.DateTimeException;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DatabindException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InstantDeserializerTests {

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-27T08:15:02Z", "2026-11-27T08:15:02.1Z", "2026-11-27T08:15:02.123Z",
			"2026-11-27T08:15:02.123456Z", "2026-11-27T08:15:02.123456789Z", "1970-01-01T00:00:00Z",
			"2024-02-29T23:59:59.999999999Z", "1969-12-31T23:59:59.5Z", "2026-11-27T08:15:02+01:00",
			"+12026-11-27T08:15:02Z", "2026-11-27T24:00:00Z", "2026-11-27T08:15:02.Z" })
	void readsWhatInstantParseReads(String text) {
		assertThat(InstantDeserializer.parse(text)).isEqualTo(Instant.parse(text));
		assertThat(EventJson.mapper().readValue("\"" + text + "\"", Instant.class)).isEqualTo(Instant.parse(text));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-02-30T08:15:02Z", "2026-13-01T08:15:02Z", "2026-11-27T08:15:0xZ",
			"2026-11-27 08:15:02Z", "yesterday" })
	void refusesWhatIsNoInstant(String text) {
		assertThatExceptionOfType(DateTimeException.class).isThrownBy(() -> InstantDeserializer.parse(text));
		assertThatExceptionOfType(DatabindException.class)
			.isThrownBy(() -> EventJson.mapper().readValue("\"" + text + "\"", Instant.class));
	}

}
