package dev.roomcast.account.room;

import java.util.List;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/rooms")
class RoomController {

	private final RoomService rooms;

	RoomController(RoomService rooms) {
		this.rooms = rooms;
	}

	@PostMapping("/direct")
	RoomResponse direct(Authentication me, @Valid @RequestBody DirectRoomRequest body) {
		return this.rooms.direct(me.getName(), body.userId());
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	RoomResponse group(Authentication me, @Valid @RequestBody GroupRoomRequest body) {
		return this.rooms.group(me.getName(), body);
	}

	@GetMapping
	List<RoomResponse> list(Authentication me) {
		return this.rooms.list(me.getName());
	}

	@GetMapping("/{roomId}")
	RoomResponse get(Authentication me, @PathVariable String roomId) {
		return this.rooms.get(me.getName(), roomId);
	}

	@PostMapping("/{roomId}/members")
	RoomResponse addMember(Authentication me, @PathVariable String roomId, @Valid @RequestBody MemberRequest body) {
		return this.rooms.addMember(me.getName(), roomId, body.userId());
	}

	@DeleteMapping("/{roomId}/members/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void removeMember(Authentication me, @PathVariable String roomId, @PathVariable String userId) {
		this.rooms.removeMember(me.getName(), roomId, userId);
	}

}
