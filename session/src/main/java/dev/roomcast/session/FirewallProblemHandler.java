package dev.roomcast.session;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a request that Spring Security's firewall refuses (a path that is not
 * normalized, an encoded slash, period or percent, a semicolon, a NUL or a line break, a
 * header value with control characters) with a {@code 400} problem saying what was wrong,
 * instead of the empty {@code 400} and Boot's error JSON the default handler gives.
 */
class FirewallProblemHandler implements RequestRejectedHandler {

	private static final Logger logger = LoggerFactory.getLogger(FirewallProblemHandler.class);

	/**
	 * The firewall names the offending sequence, one of its fixed blocklist, in quotes.
	 */
	private static final Pattern BLOCKED = Pattern.compile("potentially malicious String \"(.{1,8})\"");

	private final JsonMapper json;

	FirewallProblemHandler(JsonMapper json) {
		this.json = json;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
			throws IOException {
		logger.debug("{} {} refused by the firewall: {}", request.getMethod(), request.getRequestURI(),
				rejected.getMessage());
		if (response.isCommitted()) {
			return;
		}
		response.reset();
		SecurityProblemHandler.write(this.json, request, response, HttpStatus.BAD_REQUEST, detail(rejected), Map.of());
	}

	/**
	 * What the client did wrong, in the API's words; the firewall's own message may quote
	 * header values, which are not echoed.
	 * @param rejected the firewall's refusal
	 * @return the detail of the problem
	 */
	static String detail(RequestRejectedException rejected) {
		String message = String.valueOf(rejected.getMessage());
		if (message.contains("not normalized")) {
			return "The path is not normalized: it holds a '.' or '..' segment; ask for the path it stands for";
		}
		Matcher blocked = BLOCKED.matcher(message);
		if (blocked.find()) {
			return "The path holds \"" + blocked.group(1)
					+ "\", which is not allowed: no encoded '.', '/', '\\' or '%', no ';', '//', NUL or line break";
		}
		if (message.contains("printable ASCII")) {
			return "The path may hold only printable ASCII characters: percent-encode the others as UTF-8";
		}
		if (message.contains("HTTP method")) {
			return "The HTTP method is not allowed";
		}
		if (message.contains("header")) {
			return "A request header's name or value holds characters that are not allowed";
		}
		if (message.contains("parameter")) {
			return "A request parameter's name or value holds characters that are not allowed";
		}
		if (message.contains("domain")) {
			return "The Host header names a host this server does not serve";
		}
		return "The request was refused: its URL or headers hold characters or sequences that are not allowed";
	}

}
