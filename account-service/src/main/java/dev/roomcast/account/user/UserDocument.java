package dev.roomcast.account.user;

import java.time.Instant;

import dev.roomcast.session.SessionUser;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A user and the hash of their password, in collection {@code users}. {@code usernameKey}
 * is the lower-cased username and carries the unique index, so names are unique ignoring
 * case.
 *
 * @param id the user id
 * @param username the name as chosen
 * @param usernameKey the lower-cased name
 * @param displayName the name shown to others
 * @param passwordHash the encoded password, never sent anywhere
 * @param createdAt when the user signed up
 */
@Document("users")
public record UserDocument(@Id String id, String username, String usernameKey, String displayName, String passwordHash,
		Instant createdAt) {

	/**
	 * The user as the session knows it.
	 * @return the session user
	 */
	public SessionUser toSessionUser() {
		return new SessionUser(this.id, this.username, this.displayName);
	}

	/**
	 * The lookup key of a username.
	 * @param username a username in any case
	 * @return the lower-cased key
	 */
	public static String keyOf(String username) {
		return username.toLowerCase(java.util.Locale.ROOT);
	}

}
