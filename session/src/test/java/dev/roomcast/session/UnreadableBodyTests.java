package dev.roomcast.session;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

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

	static Stream<Arguments> wrongValues() {
		return Stream.of(
				argumentSet("a number for a text field", "{\"name\":12,\"memberIds\":[]}",
						"name: must be a JSON string"),
				argumentSet("a decimal for a text field", "{\"name\":1.5,\"memberIds\":[]}",
						"name: must be a JSON string"),
				argumentSet("an item of a list, named by its index", "{\"name\":\"G\",\"memberIds\":[\"a\",false]}",
						"memberIds[1]: must be a JSON string"),
				argumentSet("an operator object for a text field", "{\"name\":{\"$gt\":\"\"},\"memberIds\":[]}",
						"name: must be a JSON string"),
				argumentSet("a text for a list", "{\"name\":\"G\",\"memberIds\":\"u1\"}",
						"memberIds: must be a JSON array"),
				argumentSet("an array for the body", "[]", "The body must be a JSON object"),
				argumentSet("a text for the body", "\"x\"", "The body must be a JSON object"));
	}

	@ParameterizedTest
	@MethodSource("wrongValues")
	void aValueOfTheWrongTypeSaysWhereAndWhatItMustBe(String body, String detail) {
		assertThat(problem(body).getDetail()).isEqualTo(detail);
	}

	static Stream<Arguments> unreadableBodies() {
		return Stream.of(
				argumentSet("single quotes", "{'name':'x'}", "The body is not well-formed JSON in UTF-8: ",
						"Unexpected character"),
				argumentSet("a missing brace", "{\"name\":\"x\"", "The body is not well-formed JSON in UTF-8: ",
						"Unexpected end-of-input"),
				argumentSet("a property named twice", "{\"name\":\"x\",\"name\":\"y\",\"memberIds\":[]}",
						"The body names a property twice: ", "name"),
				argumentSet("nesting beyond the read limit",
						"{\"name\":\"x\",\"extra\":" + "[".repeat(200) + "]".repeat(200) + "}",
						"The body exceeds a JSON limit: ", "nesting depth"));
	}

	@ParameterizedTest
	@MethodSource("unreadableBodies")
	void anUnreadableBodySaysWhy(String body, String reason, String says) {
		assertThat(problem(body).getDetail()).startsWith(reason).contains(says);
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
