package dev.roomcast.session;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * The body of an {@code application/problem+json} answer given before or outside any
 * controller advice: by the security filters and the firewall, the request body limit,
 * the WebSocket handshake, the error page and the web server's own error report. The same
 * members as the services' {@code ProblemDetail} answers.
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
		return of(status.value(), detail, instance);
	}

	/**
	 * A problem with the standard members, for any status code, including one that
	 * {@link HttpStatus} does not name.
	 * @param status the HTTP status code
	 * @param detail what went wrong, for the client
	 * @param instance the path that was asked for
	 * @return {@code type}, {@code title}, {@code status}, {@code detail} and
	 * {@code instance} in that order
	 */
	static Map<String, Object> of(int status, String detail, String instance) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", title(status));
		problem.put("status", status);
		problem.put("detail", detail);
		problem.put("instance", instance);
		return problem;
	}

	/**
	 * A status code's title: its reason phrase, or {@code Error <code>} for a code that
	 * {@link HttpStatus} does not name.
	 * @param status the HTTP status code
	 * @return the title
	 */
	static String title(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return (known != null) ? known.getReasonPhrase() : "Error " + status;
	}

}
