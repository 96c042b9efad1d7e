package dev.roomcast.account.user;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

public class UsernameTakenException extends ErrorResponseException {

	public UsernameTakenException(String username) {
		super(HttpStatus.CONFLICT, problem(username), null);
	}

	private static ProblemDetail problem(String username) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"username: '" + username + "' is already taken");
		problem.setProperty("field", "username");
		return problem;
	}

}
