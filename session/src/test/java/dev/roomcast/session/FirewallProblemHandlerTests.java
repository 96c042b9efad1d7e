package dev.roomcast.session;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FirewallProblemHandlerTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final FirewallProblemHandler handler = new FirewallProblemHandler(this.json);

	@Test
	void aPathThatIsNotNormalizedIsA400ProblemSayingSo() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/rooms/../messages");
		request.setServletPath("/api/messages");
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.handler.handle(request, response, rejectedByTheFirewall(request));

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		JsonNode problem = this.json.readTree(response.getContentAsString());
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		assertThat(problem.get("title").asString()).isEqualTo("Bad Request");
		assertThat(problem.get("detail").asString()).startsWith("The path is not normalized");
		assertThat(problem.get("instance").asString()).isEqualTo("/api/rooms/../messages");
	}

	@Test
	void anEncodedSequenceIsNamedInTheDetail() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/rooms/a%3Bb");

		String detail = FirewallProblemHandler.detail(rejectedByTheFirewall(request));

		assertThat(detail).startsWith("The path holds \"%3B\", which is not allowed");
	}

	@Test
	void aHeaderValueIsNotEchoed() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
		request.addHeader("X-Evil", "<script>\u0007");

		RequestRejectedException rejected = catchThrowableOfType(RequestRejectedException.class,
				() -> new StrictHttpFirewall().getFirewalledRequest(request).getHeader("X-Evil"));

		assertThat(FirewallProblemHandler.detail(rejected))
			.isEqualTo("A request header's name or value holds characters that are not allowed");
	}

	private static RequestRejectedException rejectedByTheFirewall(MockHttpServletRequest request) {
		return catchThrowableOfType(RequestRejectedException.class,
				() -> new StrictHttpFirewall().getFirewalledRequest(request));
	}

}
