package dev.roomcast.session;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/**
 * Jetty's error page as a problem instead of HTML: what Jetty refuses itself, before any
 * filter or servlet of the application sees the request (an ambiguous or suspicious path,
 * a malformed request line or header), answered {@code application/problem+json} like
 * every other error. Errors inside the application never get here: its error page
 * ({@link ProblemErrorController}) answers them.
 */
class ProblemErrorHandler extends ErrorHandler {

	/** The path of the request Jetty makes up for one it could not parse. */
	private static final String BAD_MESSAGE_PATH = "/badMessage";

	private final JsonMapper json;

	ProblemErrorHandler(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
			Callback callback) {
		String path = request.getHttpURI().getPath();
		// the stand-in request of one Jetty could not parse names nothing of it
		String instance = (path == null || BAD_MESSAGE_PATH.equals(path)) ? "" : path;
		byte[] body = problem(code, ServerRefusals.reason(message, cause), instance);
		response.getHeaders().put(HttpHeader.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.write(true, ByteBuffer.wrap(body), callback);
	}

	/** A request Jetty could not parse: there is no request to name. */
	@Override
	public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
		fields.put(HttpHeader.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		return ByteBuffer.wrap(problem(status, ServerRefusals.reason(reason, null), ""));
	}

	private byte[] problem(int status, String reason, String instance) {
		return this.json.writeValueAsBytes(ProblemBody.of(status, ServerRefusals.detail(status, reason), instance));
	}

}
