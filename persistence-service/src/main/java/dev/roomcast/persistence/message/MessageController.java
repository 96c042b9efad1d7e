package dev.roomcast.persistence.message;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A room's history, for its members, always in ascending seq: {@code afterSeq} pages
 * forward (catch-up), {@code beforeSeq} pages back (scrolling up), neither gives the
 * latest page.
 */
@RestController
class MessageController {

	static final int MAX_LIMIT = 200;

	private final MessageRepository messages;

	private final RoomAccess access;

	MessageController(MessageRepository messages, RoomAccess access) {
		this.messages = messages;
		this.access = access;
	}

	@GetMapping("/api/rooms/{roomId}/messages")
	List<MessageResponse> history(@PathVariable String roomId, @RequestParam(required = false) Long afterSeq,
			@RequestParam(required = false) Long beforeSeq, @RequestParam(defaultValue = "50") int limit,
			Authentication authentication) {
		if (afterSeq != null && beforeSeq != null) {
			throw new InvalidParameterException("afterSeq", "Give afterSeq or beforeSeq, not both");
		}
		if (afterSeq != null && afterSeq < 0) {
			throw new InvalidParameterException("afterSeq", "afterSeq must be 0 or more, not " + afterSeq);
		}
		if (beforeSeq != null && beforeSeq < 1) {
			throw new InvalidParameterException("beforeSeq", "beforeSeq must be 1 or more, not " + beforeSeq);
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidParameterException("limit", "limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
		}
		this.access.requireMember(roomId, authentication);
		List<MessageDocument> page = (afterSeq != null) ? this.messages.findAfter(roomId, afterSeq, limit)
				: this.messages.findBefore(roomId, (beforeSeq != null) ? beforeSeq : Long.MAX_VALUE, limit);
		return page.stream().map(MessageResponse::of).toList();
	}

}
