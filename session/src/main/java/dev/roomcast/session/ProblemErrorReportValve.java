package dev.roomcast.session;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report as a problem instead of an HTML page: what Tomcat refuses itself,
 * before any filter or servlet of the application sees the request (an encoded NUL or a
 * {@code ..} above the root in the path, a character the request target may not hold, a
 * malformed request line or header), answered {@code application/problem+json} like every
 * other error. Errors inside the application never get here: its error page
 * ({@link ProblemErrorController}) has written the body already.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	private static final Logger logger = LoggerFactory.getLogger(ProblemErrorReportValve.class);

	private final JsonMapper json;

	ProblemErrorReportValve(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		String instance = (request.getRequestURI() != null) ? request.getRequestURI() : "";
		try {
			String body = this.json
				.writeValueAsString(ProblemBody.of(status, detail(status, response.getMessage(), throwable), instance));
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			logger.debug("The error report of {} could not be written", instance, ex);
		}
	}

	/**
	 * What Tomcat refused, in the API's words; Tomcat's own message may quote the request
	 * target, which is not echoed.
	 * @param status the status Tomcat answers with
	 * @param message Tomcat's message for the status, if any
	 * @param throwable what Tomcat caught, if anything
	 * @return the problem's detail
	 */
	static String detail(int status, String message, Throwable throwable) {
		String reason = ((message != null) ? message : "") + " "
				+ ((throwable != null && throwable.getMessage() != null) ? throwable.getMessage() : "");
		if (status == HttpStatus.BAD_REQUEST.value()) {
			if (reason.contains("Invalid URI")) {
				return "The path is not a valid URI: it holds an encoded NUL, '/' or '\\', a '..' above the root, "
						+ "or a malformed percent-escape";
			}
			if (reason.contains("request target")) {
				return "The request target holds a character that must be percent-encoded (RFC 3986)";
			}
			if (reason.contains("method name")) {
				return "The request method is not a valid HTTP token";
			}
			if (reason.contains("header") || reason.contains("Header")) {
				return "A request header is malformed or too large";
			}
			return "The request is not valid HTTP";
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
