package dev.roomcast.persistence.message;

/**
 * The signed-in user is not a member of the room (or the room does not exist: members of
 * other rooms cannot tell the two apart).
 */
public class NotAMemberException extends RuntimeException {

	public NotAMemberException(String roomId) {
		super("You are not a member of room " + roomId);
	}

}
