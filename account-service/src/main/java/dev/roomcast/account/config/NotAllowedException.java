package dev.roomcast.account.config;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The signed-in user may not do this (403).
 */
public class NotAllowedException extends ErrorResponseException {

	public NotAllowedException(String reason) {
		super(HttpStatus.FORBIDDEN, ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, reason), null);
	}

}
