package dev.roomcast.account.user;

/**
 * A user as every endpoint shows it: never a password or hash.
 *
 * @param id the user id
 * @param username the login name
 * @param displayName the name shown to others
 */
public record UserResponse(String id, String username, String displayName) {

	public static UserResponse of(UserDocument user) {
		return new UserResponse(user.id(), user.username(), user.displayName());
	}

}
