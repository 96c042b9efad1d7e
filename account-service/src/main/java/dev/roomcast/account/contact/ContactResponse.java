package dev.roomcast.account.contact;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.roomcast.account.user.UserResponse;
import dev.roomcast.events.PresenceChanged.Status;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the contact list.
 *
 * @param user the other user
 * @param state the relation from the caller's side
 * @param presence the other user's presence, for accepted contacts only (absent
 * otherwise)
 */
record ContactResponse(UserResponse user, ContactState state,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Status presence) {

	ContactResponse(UserResponse user, ContactState state) {
		this(user, state, null);
	}

}
