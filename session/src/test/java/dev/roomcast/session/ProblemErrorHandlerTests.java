package dev.roomcast.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemErrorHandlerTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final ProblemErrorHandler handler = new ProblemErrorHandler(this.json);

	@Test
	void aRequestJettyCannotParseIsAProblemThatDoesNotEchoIt() {
		HttpFields.Mutable fields = HttpFields.build();

		JsonNode problem = problem(this.handler.badMessageError(400, "Illegal character CNTL=0x0", fields));

		assertThat(fields.get(HttpHeader.CONTENT_TYPE)).isEqualTo("application/problem+json");
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		assertThat(problem.get("detail").asString())
			.isEqualTo("The request target holds a character that must be percent-encoded (RFC 3986)");
		assertThat(problem.get("instance").asString()).isEmpty();
	}

	@Test
	void anAmbiguousPathIsNamedAndAnyOtherBadPathGetsTheGeneralDetail() {
		assertThat(ServerRefusals.detail(400, ServerRefusals.reason("Ambiguous URI path separator", null)))
			.isEqualTo("The path holds an encoded '/' (\"%2F\"), which is not allowed");
		assertThat(ServerRefusals.detail(400, ServerRefusals.reason(null, new IllegalArgumentException("Bad URI"))))
			.startsWith("The path is not a valid URI");
	}

	@Test
	void headersTooLargeAreNamedWhateverTheStatus() {
		assertThat(problem(this.handler.badMessageError(431, "Request Header Fields Too Large", HttpFields.build()))
			.get("detail")
			.asString()).isEqualTo("A request header is malformed or too large");
	}

	private JsonNode problem(ByteBuffer body) {
		return this.json.readTree(StandardCharsets.UTF_8.decode(body).toString());
	}

}
