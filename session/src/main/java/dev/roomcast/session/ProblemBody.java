package dev.roomcast.session;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * The body of an {@code application/problem+json} answer given before any controller
 * advice can: by the security filters, the request body limit and the WebSocket
 * handshake. The same members as the services' {@code ProblemDetail} answers.
 */
public final class ProblemBody {

	private ProblemBody() {
	}

	/**
	 * A problem with the standard members.
	 * @param status the HTTP status
	 * @param detail what went wrong, for the client
	 * @param instance the path that was asked for
	 * @return {@code type}, {@code title}, {@code status}, {@code detail} and
	 * {@code instance} in that order; a caller may add members of its own
	 */
	public static Map<String, Object> of(HttpStatus status, String detail, String instance) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", instance);
		return problem;
	}

}
