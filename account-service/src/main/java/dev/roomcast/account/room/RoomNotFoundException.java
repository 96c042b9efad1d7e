package dev.roomcast.account.room;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class RoomNotFoundException extends ErrorResponseException {

	RoomNotFoundException(String roomId) {
		super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No room " + roomId), null);
	}

}
