package dev.roomcast.session;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * A servlet filter at a fixed place in the chain that may answer a request itself with a
 * problem body, before any controller advice can.
 */
abstract class ProblemAnsweringFilter extends OncePerRequestFilter implements Ordered {

	private final int order;

	private final JsonMapper json;

	ProblemAnsweringFilter(int order, JsonMapper json) {
		this.order = order;
		this.json = json;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	/**
	 * Answers with a problem.
	 * @param request the request
	 * @param response its response, not committed yet
	 * @param status the status
	 * @param detail what happened and what to do
	 * @param extra members added after the standard ones
	 * @throws IOException when the client is gone
	 */
	void answer(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail,
			Map<String, Object> extra) throws IOException {
		SecurityProblemHandler.write(this.json, request, response, status, detail, extra);
	}

}
