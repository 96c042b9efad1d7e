package dev.roomcast.account.contact;

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
@RequestMapping("/api/contacts")
class ContactController {

	private final ContactService contacts;

	ContactController(ContactService contacts) {
		this.contacts = contacts;
	}

	@GetMapping
	List<ContactResponse> list(Authentication me) {
		return this.contacts.list(me.getName());
	}

	@PostMapping
	ContactResponse request(Authentication me, @Valid @RequestBody ContactRequest body) {
		return this.contacts.request(me.getName(), body.username());
	}

	@PostMapping("/{userId}/accept")
	ContactResponse accept(Authentication me, @PathVariable String userId) {
		return this.contacts.accept(me.getName(), userId);
	}

	@PostMapping("/{userId}/decline")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void decline(Authentication me, @PathVariable String userId) {
		this.contacts.decline(me.getName(), userId);
	}

	@DeleteMapping("/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void remove(Authentication me, @PathVariable String userId) {
		this.contacts.remove(me.getName(), userId);
	}

	@PostMapping("/{userId}/block")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void block(Authentication me, @PathVariable String userId) {
		this.contacts.block(me.getName(), userId);
	}

}
