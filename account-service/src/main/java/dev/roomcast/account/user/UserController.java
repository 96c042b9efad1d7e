package dev.roomcast.account.user;

import java.util.List;
import java.util.regex.Pattern;

import dev.roomcast.account.config.InvalidFieldException;

import org.springframework.data.domain.PageRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api")
class UserController {

	static final int SEARCH_LIMIT = 20;

	private static final Pattern USERNAME_CHARACTERS = Pattern.compile("[A-Za-z0-9_.-]+");

	private final UserRepository users;

	UserController(UserRepository users) {
		this.users = users;
	}

	@GetMapping("/me")
	UserResponse me(Authentication authentication) {
		return this.users.findById(authentication.getName())
			.map(UserResponse::of)
			.orElseThrow(() -> new UserNotFoundException(authentication.getName()));
	}

	@GetMapping("/users")
	List<UserResponse> search(@RequestParam(name = "q", required = false) String q) {
		if (q == null || q.isEmpty() || q.length() > 32) {
			throw new InvalidFieldException("q", "a username prefix of 1 to 32 characters is required");
		}
		if (!USERNAME_CHARACTERS.matcher(q).matches()) {
			// no username holds other characters: nothing to look up, and no NUL or
			// other control character reaches the store's pattern match
			return List.of();
		}
		return this.users
			.findByUsernameKeyStartingWithOrderByUsernameKey(UserDocument.keyOf(q), PageRequest.of(0, SEARCH_LIMIT))
			.stream()
			.filter((user) -> !user.auditor())
			.map(UserResponse::of)
			.toList();
	}

}
