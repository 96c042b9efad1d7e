package dev.roomcast.session;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SessionStoreUnavailableFilterTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final SessionStoreUnavailableFilter filter = new SessionStoreUnavailableFilter(this.json);

	@Test
	void answers503WithRetryAfterWhenRedisCannotBeReached() throws Exception {
		MockHttpServletResponse response = filter(new RedisConnectionFailureException("Unable to connect to Redis"));

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		JsonNode problem = this.json.readTree(response.getContentAsString());
		assertThat(problem.get("status").asInt()).isEqualTo(503);
		assertThat(problem.get("instance").asString()).isEqualTo("/api/me");
	}

	@Test
	void answers503WhenRedisDoesNotAnswerInTime() throws Exception {
		MockHttpServletResponse response = filter(new ServletException("Request processing failed",
				new QueryTimeoutException("Redis command timed out")));

		assertThat(response.getStatus()).isEqualTo(503);
	}

	@Test
	void letsOtherFailuresThrough() {
		assertThatIllegalStateException().isThrownBy(() -> filter(new IllegalStateException("a bug")))
			.withMessage("a bug");
	}

	private MockHttpServletResponse filter(Exception failure) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, (req, res) -> {
			if (failure instanceof ServletException servlet) {
				throw servlet;
			}
			throw (RuntimeException) failure;
		});
		return response;
	}

}
