package dev.roomcast.session;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.StringUtils;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;

import tools.jackson.databind.json.JsonMapper;

/**
 * The error page of every service in place of Boot's {@code BasicErrorController}: an
 * error that no controller advice answered (a {@code sendError} from a filter or from
 * Spring MVC's default exception resolver, an exception out of a filter) gets an
 * {@code application/problem+json} answer with its status and a precise {@code detail},
 * whatever the client accepts. A server error never shows its exception's message.
 */
@Controller
@RequestMapping("${spring.web.error.path:${error.path:/error}}")
class ProblemErrorController implements ErrorController {

	private final JsonMapper json;

	private final ErrorAttributes errorAttributes;

	ProblemErrorController(JsonMapper json, ErrorAttributes errorAttributes) {
		this.json = json;
		this.errorAttributes = errorAttributes;
	}

	@RequestMapping
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (!(code instanceof Integer status) || path == null) {
			// asked for directly, not as the error page of another request
			SecurityProblemHandler.write(this.json, response, HttpStatus.NOT_FOUND.value(),
					"Nothing is found at " + request.getRequestURI(), request.getRequestURI(), Map.of());
			return;
		}
		Throwable error = this.errorAttributes.getError(new ServletWebRequest(request));
		String message = (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
		SecurityProblemHandler.write(this.json, response, status,
				detail(status, request.getMethod(), path, error, message), path, Map.of());
	}

	/**
	 * What went wrong: the detail of a Spring MVC error (a missing parameter, an
	 * unsupported method or media type) or the message it was sent with, and otherwise a
	 * fixed text for the status.
	 * @param status the status code
	 * @param method the method of the request that failed
	 * @param path the path of the request that failed
	 * @param error what was thrown, if anything
	 * @param message the message given to {@code sendError}, if any
	 * @return the problem's detail
	 */
	static String detail(int status, String method, String path, Throwable error, String message) {
		if (status == HttpStatus.NOT_FOUND.value()) {
			return "Nothing is found at " + path;
		}
		if (status >= 500) {
			return (status == HttpStatus.SERVICE_UNAVAILABLE.value())
					? "The service is unavailable for a moment; try again shortly"
					: "An unexpected error occurred; it is logged on the server";
		}
		if (error instanceof ErrorResponse response && StringUtils.hasText(response.getBody().getDetail())) {
			return response.getBody().getDetail();
		}
		if (StringUtils.hasText(message)) {
			return message;
		}
		return switch (status) {
			case 400 -> "The request is malformed";
			case 401 -> "Sign in first: no valid session";
			case 403 -> "Not allowed";
			case 405 -> "Method " + method + " is not allowed at " + path;
			case 406 -> "No representation the client accepts: ask for application/json";
			case 413 -> "The request body is too large";
			case 415 -> "Unsupported content type: send application/json";
			default -> ProblemBody.title(status);
		};
	}

}
