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
 * @param role {@code AUDITOR} for an auditor (created by an operator, never by signup);
 * {@code null} or {@code USER} for a chat user
 */
@Document("users")
public record UserDocument(@Id String id, String username, String usernameKey, String displayName, String passwordHash,
		Instant createdAt, String role) {

	/**
	 * Whether this is an auditor's account, which takes no part in chat: no contacts, no
	 * rooms.
	 * @return whether its role is {@code AUDITOR}
	 */
	public boolean auditor() {
		return SessionUser.Role.AUDITOR.name().equals(this.role);
	}

	/**
	 * The user as the session knows it.
	 * @return the session user
	 */
	public SessionUser toSessionUser() {
		return new SessionUser(this.id, this.username, this.displayName,
				auditor() ? SessionUser.Role.AUDITOR : SessionUser.Role.USER);
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
