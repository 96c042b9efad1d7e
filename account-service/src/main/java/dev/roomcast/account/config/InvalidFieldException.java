package dev.roomcast.account.config;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request value that breaks a rule, for checks that bean validation cannot express.
 */
public class InvalidFieldException extends ErrorResponseException {

	public InvalidFieldException(String field, String message) {
		super(HttpStatus.BAD_REQUEST, ApiExceptionHandler.invalidFields(java.util.Map.of(field, message)), null);
	}

}
