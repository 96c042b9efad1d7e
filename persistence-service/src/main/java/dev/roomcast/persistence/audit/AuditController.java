package dev.roomcast.persistence.audit;

import dev.roomcast.persistence.message.MessageRepository;
import dev.roomcast.persistence.message.RoomAccess;

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

	private final RoomAccess access;

	AuditController(MessageRepository messages, RoomAccess access) {
		this.messages = messages;
		this.access = access;
	}

	@GetMapping("/api/rooms/{roomId}/audit")
	ChainVerification verify(@PathVariable String roomId, Authentication authentication) {
		this.access.requireMember(roomId, authentication);
		return ChainVerification.of(roomId, this.messages.findAll(roomId), this.messages.findChangedSeqs(roomId));
	}

}
