package dev.roomcast.account.auth;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class LoginThrottledException extends ErrorResponseException {

	private final long retryAfterSeconds;

	LoginThrottledException(Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, problem(seconds(retryAfter)), null);
		this.retryAfterSeconds = seconds(retryAfter);
	}

	private static long seconds(Duration retryAfter) {
		return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
	}

	private static ProblemDetail problem(long seconds) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"Too many failed logins; retry in " + seconds + " s");
		problem.setProperty("retryAfterSeconds", seconds);
		return problem;
	}

	@Override
	public HttpHeaders getHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
		return headers;
	}

}
