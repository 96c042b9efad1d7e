package dev.roomcast.persistence.audit;

import dev.roomcast.events.RoomDirectory;
import dev.roomcast.persistence.config.PersistenceProperties;
import dev.roomcast.persistence.message.MessageRepository;
import dev.roomcast.persistence.message.NotAMemberException;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Verifies a room's hash chain as stored in MongoDB, so that an altered, deleted or
 * inserted message is found. Members only, like the history it checks.
 */
@RestController
class AuditController {

	private final MessageRepository messages;

	private final RoomDirectory rooms;

	private final PersistenceProperties properties;

	AuditController(MessageRepository messages, RoomDirectory rooms, PersistenceProperties properties) {
		this.messages = messages;
		this.rooms = rooms;
		this.properties = properties;
	}

	@GetMapping("/api/rooms/{roomId}/audit")
	ChainVerification verify(@PathVariable String roomId, Authentication authentication) {
		if (!this.rooms.awaitMember(roomId, authentication.getName(), this.properties.membershipWait())) {
			throw new NotAMemberException(roomId);
		}
		return ChainVerification.of(roomId, this.messages.findAll(roomId));
	}

}
