package dev.roomcast.account.auth;

import java.time.Instant;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import dev.roomcast.account.user.UserDocument;
import dev.roomcast.account.user.UserRepository;
import dev.roomcast.account.user.UserResponse;
import dev.roomcast.account.user.UsernameTakenException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signup, login and the CSRF token. Logout is Spring Security's logout filter.
 */
@RestController
@RequestMapping("/api/auth")
class AuthController {

	private final UserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final LoginThrottle throttle;

	private final SessionLogin sessionLogin;

	/** Compared against when the user does not exist, so both failures take as long. */
	private final String unknownUserHash;

	private final Counter loginsSucceeded;

	private final Counter loginsFailed;

	private final Counter loginsThrottled;

	AuthController(UserRepository users, PasswordEncoder passwordEncoder, LoginThrottle throttle,
			SessionLogin sessionLogin, MeterRegistry registry) {
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.throttle = throttle;
		this.sessionLogin = sessionLogin;
		this.unknownUserHash = passwordEncoder.encode(UUID.randomUUID().toString());
		this.loginsSucceeded = loginCounter(registry, "success");
		this.loginsFailed = loginCounter(registry, "failure");
		this.loginsThrottled = loginCounter(registry, "throttled");
	}

	private static Counter loginCounter(MeterRegistry registry, String outcome) {
		return Counter.builder("roomcast.logins")
			.description("Login attempts by outcome")
			.tag("outcome", outcome)
			.register(registry);
	}

	@GetMapping("/csrf")
	CsrfResponse csrf(CsrfToken token) {
		return new CsrfResponse(token.getToken(), token.getHeaderName());
	}

	@PostMapping("/signup")
	@ResponseStatus(HttpStatus.CREATED)
	UserResponse signup(@Valid @RequestBody SignupRequest body, HttpServletRequest request,
			HttpServletResponse response) {
		String key = UserDocument.keyOf(body.username());
		if (this.users.findByUsernameKey(key).isPresent()) {
			throw new UsernameTakenException(body.username());
		}
		UserDocument user;
		try {
			user = this.users.insert(new UserDocument(UUID.randomUUID().toString(), body.username(), key,
					body.displayName().strip(), this.passwordEncoder.encode(body.password()), Instant.now(), null));
		}
		catch (DuplicateKeyException ex) {
			throw new UsernameTakenException(body.username());
		}
		this.sessionLogin.start(user.toSessionUser(), request, response);
		return UserResponse.of(user);
	}

	@PostMapping("/login")
	UserResponse login(@Valid @RequestBody LoginRequest body, HttpServletRequest request,
			HttpServletResponse response) {
		String address = request.getRemoteAddr();
		try {
			this.throttle.checkAllowed(body.username(), address);
		}
		catch (LoginThrottledException ex) {
			this.loginsThrottled.increment();
			throw ex;
		}
		UserDocument user = this.users.findByUsernameKey(UserDocument.keyOf(body.username())).orElse(null);
		String hash = (user != null) ? user.passwordHash() : this.unknownUserHash;
		if (!this.passwordEncoder.matches(body.password(), hash) || user == null) {
			this.throttle.recordFailure(body.username(), address);
			this.loginsFailed.increment();
			throw new InvalidCredentialsException();
		}
		this.sessionLogin.start(user.toSessionUser(), request, response);
		this.loginsSucceeded.increment();
		return UserResponse.of(user);
	}

}
