package dev.roomcast.session;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * What the web server (Tomcat or Jetty) refused itself, before the application saw the
 * request, in the API's words: the server's own message may quote the request target,
 * which is not echoed.
 */
final class ServerRefusals {

	private ServerRefusals() {
	}

	/**
	 * The server's message and what it caught, as one text to look into.
	 * @param message the server's message for the status, if any
	 * @param throwable what the server caught, if anything
	 * @return both, or an empty text
	 */
	static String reason(@Nullable String message, @Nullable Throwable throwable) {
		return ((message != null) ? message : "") + " "
				+ ((throwable != null && throwable.getMessage() != null) ? throwable.getMessage() : "");
	}

	/**
	 * What a path that Jetty finds ambiguous holds (Jetty's {@code UriCompliance}
	 * violations; Tomcat and the security firewall refuse the same paths in their words).
	 */
	private static @Nullable String ambiguousPath(String reason) {
		if (reason.contains("Ambiguous URI empty segment")) {
			return "The path holds an empty segment (\"//\"), which is not allowed";
		}
		if (reason.contains("Ambiguous URI path segment")) {
			return "The path holds an encoded '.' or '..' segment (\"%2e\"), which is not allowed";
		}
		if (reason.contains("Ambiguous URI path separator")) {
			return "The path holds an encoded '/' (\"%2F\"), which is not allowed";
		}
		if (reason.contains("Ambiguous URI path encoding")) {
			return "The path holds a percent-escape that reads two ways (such as \"%25\"), which is not allowed";
		}
		if (reason.contains("Ambiguous URI path parameter")) {
			return "The path holds a ';' parameter in a segment, which is not allowed";
		}
		return null;
	}

	/**
	 * The problem's detail.
	 * @param status the status the server answers with
	 * @param reason the server's message and what it caught ({@link #reason})
	 * @return the detail
	 */
	static String detail(int status, String reason) {
		if (status == HttpStatus.BAD_REQUEST.value()) {
			String ambiguous = ambiguousPath(reason);
			if (ambiguous != null) {
				return ambiguous;
			}
			// Tomcat's "Invalid URI", Jetty's "Bad URI", its path character and encoding
			// violations
			if (reason.contains("URI") || reason.contains("Path Character") || reason.contains("encoding")) {
				return "The path is not a valid URI: it holds an encoded NUL, '/' or '\\', a '..' above the root, "
						+ "or a malformed percent-escape";
			}
			if (reason.contains("request target") || reason.contains("Illegal character")) {
				return "The request target holds a character that must be percent-encoded (RFC 3986)";
			}
			if (reason.contains("method name")) {
				return "The request method is not a valid HTTP token";
			}
			if (reason.contains("header") || reason.contains("Header")) {
				return "A request header is malformed or too large";
			}
			// Jetty gives no reason for a request line it cannot parse
			return "The request is not valid HTTP: a malformed request line or header, "
					+ "or a path with an encoded NUL or control character";
		}
		if (status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value()) {
			return "A request header is malformed or too large";
		}
		if (status >= 500) {
			return switch (status) {
				case 501 -> "The request method is not implemented";
				case 505 -> "The HTTP version is not supported: use HTTP/1.1";
				default -> "An unexpected error occurred; it is logged on the server";
			};
		}
		HttpStatus known = HttpStatus.resolve(status);
		return "The server refused the request: " + ((known != null) ? known.getReasonPhrase() : "error " + status);
	}

}
