package dev.roomcast.session;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the filter chain's 401 and 403 answers as ProblemDetail JSON, since they happen
 * before any controller advice can; shared so that every service refuses alike.
 */
public class SecurityProblemHandler implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final JsonMapper json;

	/**
	 * A handler writing with the application's mapper.
	 * @param json the mapper
	 */
	public SecurityProblemHandler(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		write(request, response, HttpStatus.UNAUTHORIZED, "Sign in first: no valid session");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		String detail = (accessDeniedException instanceof CsrfException)
				? "Missing or invalid CSRF token: GET /api/auth/csrf and send its token in the X-XSRF-TOKEN header"
				: "Not allowed";
		write(request, response, HttpStatus.FORBIDDEN, detail);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
			throws IOException {
		write(this.json, request, response, status, detail);
	}

	/**
	 * Writes a problem answer from outside any controller: the filters' answers.
	 * @param json the application's mapper
	 * @param request the request
	 * @param response its response, not committed yet
	 * @param status the status
	 * @param detail what happened and what to do
	 * @throws IOException when the client is gone
	 */
	static void write(JsonMapper json, HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String detail) throws IOException {
		write(json, request, response, status, detail, Map.of());
	}

	/**
	 * Writes a problem answer with members of its own after the standard ones.
	 * @param json the application's mapper
	 * @param request the request
	 * @param response its response, not committed yet
	 * @param status the status
	 * @param detail what happened and what to do
	 * @param extra the further members
	 * @throws IOException when the client is gone
	 */
	static void write(JsonMapper json, HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String detail, Map<String, Object> extra) throws IOException {
		write(json, response, status.value(), detail, request.getRequestURI(), extra);
	}

	/**
	 * Writes a problem answer for a path other than the request's own: the error page
	 * answers for the request that failed.
	 * @param json the application's mapper
	 * @param response the response, not committed yet
	 * @param status the status code
	 * @param detail what happened and what to do
	 * @param instance the path that was asked for
	 * @param extra the further members
	 * @throws IOException when the client is gone
	 */
	static void write(JsonMapper json, HttpServletResponse response, int status, String detail, String instance,
			Map<String, Object> extra) throws IOException {
		Map<String, Object> problem = ProblemBody.of(status, detail, instance);
		problem.putAll(extra);
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

}
