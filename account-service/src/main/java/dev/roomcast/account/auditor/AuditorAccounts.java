package dev.roomcast.account.auditor;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.regex.Pattern;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.roomcast.account.user.UserDocument;
import dev.roomcast.session.SessionUser;
import org.bson.Document;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Creates auditor accounts straight in account-service's {@code users} collection: the
 * only way to get role {@code AUDITOR}, used by the operator command and by the bootstrap
 * auditor of a local run, never by any HTTP endpoint. An existing auditor gets the new
 * password; an existing chat user of that name is never turned into an auditor.
 */
public final class AuditorAccounts {

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");

	private static final int MIN_PASSWORD = 8;

	private AuditorAccounts() {
	}

	/**
	 * Creates the auditor, or sets an existing auditor's password.
	 * @param users the {@code users} collection
	 * @param encoder the password encoder account-service logs in with
	 * @param username the auditor's login name
	 * @param password the password
	 * @return {@code true} when created, {@code false} when an existing auditor's
	 * password was set
	 * @throws IllegalArgumentException for an invalid name or password, or when a chat
	 * user already has the name
	 */
	public static boolean createOrUpdate(MongoCollection<Document> users, PasswordEncoder encoder, String username,
			String password) {
		if (username == null || !USERNAME.matcher(username).matches()) {
			throw new IllegalArgumentException("An auditor's name is 3 to 32 letters, digits, '_', '.' or '-'");
		}
		if (password == null || password.length() < MIN_PASSWORD) {
			throw new IllegalArgumentException("An auditor's password has at least " + MIN_PASSWORD + " characters");
		}
		String key = UserDocument.keyOf(username);
		Document existing = users.find(Filters.eq("usernameKey", key)).first();
		if (existing != null) {
			if (!SessionUser.Role.AUDITOR.name().equals(existing.getString("role"))) {
				throw new IllegalArgumentException(
						"A chat user is named " + username + "; an auditor needs a name of its own");
			}
			users.updateOne(Filters.eq("_id", existing.get("_id")),
					Updates.set("passwordHash", encoder.encode(password)));
			return false;
		}
		users.insertOne(new Document("_id", UUID.randomUUID().toString()).append("username", username)
			.append("usernameKey", key)
			.append("displayName", username)
			.append("passwordHash", encoder.encode(password))
			.append("createdAt", Date.from(Instant.now()))
			.append("role", SessionUser.Role.AUDITOR.name()));
		return true;
	}

}
