package dev.roomcast.persistence.message;

import dev.roomcast.events.RoomDirectory;
import dev.roomcast.persistence.config.PersistenceProperties;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may read a room's stored messages (history and audit): its members only. A room
 * created a moment ago is waited for, up to {@code roomcast.persistence.membership-wait}.
 */
@Component
public class RoomAccess {

	private final RoomDirectory rooms;

	private final PersistenceProperties properties;

	RoomAccess(RoomDirectory rooms, PersistenceProperties properties) {
		this.rooms = rooms;
		this.properties = properties;
	}

	/**
	 * Refuses a user who is not a member of the room.
	 * @param roomId the room
	 * @param authentication the signed-in user (its name is the user id)
	 * @throws NotAMemberException when the user is not a member
	 */
	public void requireMember(String roomId, Authentication authentication) {
		if (!this.rooms.awaitMember(roomId, authentication.getName(), this.properties.membershipWait())) {
			throw new NotAMemberException(roomId);
		}
	}

}
