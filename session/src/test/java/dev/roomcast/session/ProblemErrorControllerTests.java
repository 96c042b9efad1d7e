package dev.roomcast.session;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemErrorControllerTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final DefaultErrorAttributes errorAttributes = new DefaultErrorAttributes();

	private final ProblemErrorController controller = new ProblemErrorController(this.json, this.errorAttributes);

	@Test
	void aNotFoundIsAProblemNamingThePathAskedFor() throws Exception {
		JsonNode problem = error(404, "/api/nothing", null, null);

		assertThat(problem.get("status").asInt()).isEqualTo(404);
		assertThat(problem.get("title").asString()).isEqualTo("Not Found");
		assertThat(problem.get("detail").asString()).isEqualTo("Nothing is found at /api/nothing");
		assertThat(problem.get("instance").asString()).isEqualTo("/api/nothing");
	}

	@Test
	void aServerErrorNeverShowsTheExceptionsMessage() throws Exception {
		JsonNode problem = error(500, "/api/me", new IllegalStateException("password hash of alice is x"),
				"password hash of alice is x");

		assertThat(problem.get("status").asInt()).isEqualTo(500);
		assertThat(problem.get("detail").asString())
			.isEqualTo("An unexpected error occurred; it is logged on the server");
	}

	@Test
	void aSpringErrorKeepsItsDetail() throws Exception {
		JsonNode problem = error(405, "/api/me", new HttpRequestMethodNotSupportedException("PUT"), null);

		assertThat(problem.get("status").asInt()).isEqualTo(405);
		assertThat(problem.get("detail").asString()).isEqualTo("Method 'PUT' is not supported.");
	}

	@Test
	void aMessageGivenToSendErrorIsTheDetail() throws Exception {
		JsonNode problem = error(400, "/api/rooms", null, "Required parameter 'q' is not present.");

		assertThat(problem.get("detail").asString()).isEqualTo("Required parameter 'q' is not present.");
	}

	@Test
	void theErrorPageAskedForDirectlyIsNotFound() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.controller.error(new MockHttpServletRequest("GET", "/error"), response);

		assertThat(response.getStatus()).isEqualTo(404);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(this.json.readTree(response.getContentAsString()).get("detail").asString())
			.isEqualTo("Nothing is found at /error");
	}

	private JsonNode error(int status, String path, Exception exception, String message) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, path);
		request.setAttribute(RequestDispatcher.ERROR_MESSAGE, message);
		if (exception != null) {
			this.errorAttributes.resolveException(request, new MockHttpServletResponse(), null, exception);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.controller.error(request, response);
		assertThat(response.getStatus()).isEqualTo(status);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		return this.json.readTree(response.getContentAsString());
	}

}
