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
			String body = this.json.writeValueAsString(ProblemBody.of(status,
					ServerRefusals.detail(status, ServerRefusals.reason(response.getMessage(), throwable)), instance));
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

}
