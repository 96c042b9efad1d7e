package dev.roomcast.testsupport.session;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import dev.roomcast.session.SessionUser;

import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Signed-in users without account-service: a session stored in the shared session store
 * as account-service's sign-in writes it, for the tests of the services that only read
 * it.
 */
public final class StoredSessions {

	private static final SecureRandom RANDOM = new SecureRandom();

	private StoredSessions() {
	}

	/**
	 * Stores a signed-in session of the user.
	 * @param <S> the session type
	 * @param sessions the service's session repository
	 * @param user the signed-in user
	 * @param maxInactive how long the session lives unused, or {@code null} for the
	 * default
	 * @return the session id
	 */
	public static <S extends Session> String signIn(SessionRepository<S> sessions, SessionUser user,
			Duration maxInactive) {
		S session = sessions.createSession();
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(user.toAuthentication()));
		session.setAttribute(SessionUser.USERNAME_ATTRIBUTE, user.username());
		session.setAttribute(SessionUser.DISPLAY_NAME_ATTRIBUTE, user.displayName());
		if (maxInactive != null) {
			session.setMaxInactiveInterval(maxInactive);
		}
		sessions.save(session);
		return session.getId();
	}

	/**
	 * Stores a signed-in session of the user with the default lifetime.
	 * @param <S> the session type
	 * @param sessions the service's session repository
	 * @param user the signed-in user
	 * @return the session id
	 */
	public static <S extends Session> String signIn(SessionRepository<S> sessions, SessionUser user) {
		return signIn(sessions, user, null);
	}

	/**
	 * The {@code SESSION} cookie a browser sends for a session.
	 * @param sessionId the session id
	 * @return the cookie's value (Base64 of the id)
	 */
	public static String cookieValue(String sessionId) {
		return Base64.getEncoder().encodeToString(sessionId.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A CSRF token masked the way Spring Security's XorCsrfTokenRequestAttributeHandler
	 * hands it to pages (and account-service's {@code GET /api/auth/csrf} returns it).
	 * @param rawToken the token as the session holds it
	 * @return the masked token
	 */
	public static String maskedCsrf(String rawToken) {
		byte[] token = rawToken.getBytes(StandardCharsets.UTF_8);
		byte[] random = new byte[token.length];
		RANDOM.nextBytes(random);
		byte[] combined = new byte[token.length * 2];
		System.arraycopy(random, 0, combined, 0, random.length);
		for (int i = 0; i < token.length; i++) {
			combined[token.length + i] = (byte) (random[i] ^ token[i]);
		}
		return Base64.getUrlEncoder().encodeToString(combined);
	}

}
