package dev.roomcast.session;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.util.unit.DataSize;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's mapper as the services get it, reading bodies that are wrong in each
 * way a client gets them wrong, and the problem each one gets.
 */
class UnreadableBodyTests {

	private final JsonMapper json = new RequestLimitsAutoConfiguration()
		.jsonMapperBuilder(
				new RequestLimitsProperties(DataSize.ofKilobytes(64),
						new RequestLimitsProperties.Json(64, 1_000_000, 100, 1000, DataSize.ofMegabytes(8))),
				new DefaultListableBeanFactory().getBeanProvider(JsonMapperBuilderCustomizer.class))
		// as Boot's defaults have it
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	@Test
	void aBooleanForATextFieldNamesTheField() {
		ProblemDetail problem = problem("{\"name\":true,\"memberIds\":[]}");

		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getDetail()).isEqualTo("name: must be a JSON string");
		assertThat(problem.getProperties()).containsEntry("errors",
				List.of(Map.of("field", "name", "message", "must be a JSON string")));
	}

	@Test
	void numbersForTextFieldsAreRefusedToo() {
		assertThat(problem("{\"name\":12,\"memberIds\":[]}").getDetail()).isEqualTo("name: must be a JSON string");
		assertThat(problem("{\"name\":1.5,\"memberIds\":[]}").getDetail()).isEqualTo("name: must be a JSON string");
	}

	@Test
	void anItemOfAListIsNamedByItsIndex() {
		assertThat(problem("{\"name\":\"G\",\"memberIds\":[\"a\",false]}").getDetail())
			.isEqualTo("memberIds[1]: must be a JSON string");
	}

	@Test
	void anOperatorObjectForATextFieldNamesTheField() {
		assertThat(problem("{\"name\":{\"$gt\":\"\"},\"memberIds\":[]}").getDetail())
			.isEqualTo("name: must be a JSON string");
	}

	@Test
	void aTextForAListNamesTheField() {
		assertThat(problem("{\"name\":\"G\",\"memberIds\":\"u1\"}").getDetail())
			.isEqualTo("memberIds: must be a JSON array");
	}

	@Test
	void aBodyThatIsNoObjectSaysSo() {
		assertThat(problem("[]").getDetail()).isEqualTo("The body must be a JSON object");
		assertThat(problem("\"x\"").getDetail()).isEqualTo("The body must be a JSON object");
	}

	@Test
	void brokenJsonSaysWhy() {
		assertThat(problem("{'name':'x'}").getDetail()).startsWith("The body is not well-formed JSON in UTF-8: ");
		assertThat(problem("{\"name\":\"x\"").getDetail()).startsWith("The body is not well-formed JSON in UTF-8: ");
	}

	@Test
	void aPropertyNamedTwiceIsRefused() {
		assertThat(problem("{\"name\":\"x\",\"name\":\"y\",\"memberIds\":[]}").getDetail())
			.startsWith("The body names a property twice: ")
			.contains("name");
	}

	@Test
	void aReadLimitSaysWhich() {
		assertThat(problem("{\"name\":\"x\",\"extra\":" + "[".repeat(200) + "]".repeat(200) + "}").getDetail())
			.startsWith("The body exceeds a JSON limit: ")
			.contains("nesting depth");
	}

	@Test
	void aMissingBodyAsksForOne() {
		ProblemDetail problem = UnreadableBody.problem(new HttpMessageNotReadableException(
				"Required request body is missing", new MockHttpInputMessage(new byte[0])));

		assertThat(problem.getDetail()).isEqualTo("A JSON object body is required");
	}

	private ProblemDetail problem(String body) {
		try {
			this.json.readValue(body, Group.class);
		}
		catch (JacksonException ex) {
			return UnreadableBody.problem(
					new HttpMessageNotReadableException("JSON parse error", ex, new MockHttpInputMessage(new byte[0])));
		}
		throw new AssertionError("read without a failure: " + body);
	}

	record Group(String name, List<String> memberIds) {
	}

}
