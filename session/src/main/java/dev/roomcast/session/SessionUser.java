package dev.roomcast.session;

import java.util.List;

import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The signed-in user as every service sees it. The authentication's name is the user id;
 * the username and display name ride along as plain session attributes so that the
 * session holds only JDK and Spring Security types.
 *
 * @param id the user id
 * @param username the unique login name
 * @param displayName the name shown to others
 * @param role the kind of user; its authority is {@code ROLE_<role>}
 */
public record SessionUser(String id, String username, String displayName, Role role) {

	/** The authority of an auditor, who reads any room's audit data but no chat. */
	public static final String AUDITOR_AUTHORITY = "ROLE_AUDITOR";

	/**
	 * A user with role {@link Role#USER}.
	 * @param id the user id
	 * @param username the unique login name
	 * @param displayName the name shown to others
	 */
	public SessionUser(String id, String username, String displayName) {
		this(id, username, displayName, Role.USER);
	}

	/**
	 * What kind of user: a chat user, or an auditor (created by an operator, never by
	 * signup).
	 */
	public enum Role {

		/** A chat user. */
		USER,

		/** An auditor: audit endpoints only, never a room member. */
		AUDITOR

	}

	/** Session attribute holding the username. */
	public static final String USERNAME_ATTRIBUTE = "roomcast.username";

	/** Session attribute holding the display name. */
	public static final String DISPLAY_NAME_ATTRIBUTE = "roomcast.displayName";

	/**
	 * The authentication stored in the session for this user.
	 * @return an authenticated token whose name is the user id
	 */
	public Authentication toAuthentication() {
		return UsernamePasswordAuthenticationToken.authenticated(this.id, null,
				List.of(new SimpleGrantedAuthority("ROLE_" + this.role.name())));
	}

	/**
	 * Writes the username and display name into the session.
	 * @param session the session
	 */
	public void storeIn(HttpSession session) {
		session.setAttribute(USERNAME_ATTRIBUTE, this.username);
		session.setAttribute(DISPLAY_NAME_ATTRIBUTE, this.displayName);
	}

	/**
	 * The user of an authenticated session.
	 * @param authentication the authentication read from the session
	 * @param username the {@link #USERNAME_ATTRIBUTE} value
	 * @param displayName the {@link #DISPLAY_NAME_ATTRIBUTE} value
	 * @return the user
	 */
	public static SessionUser of(Authentication authentication, Object username, Object displayName) {
		return new SessionUser(authentication.getName(), String.valueOf(username), String.valueOf(displayName),
				isAuditor(authentication) ? Role.AUDITOR : Role.USER);
	}

	/**
	 * Whether an authentication is an auditor's.
	 * @param authentication the authentication, may be {@code null}
	 * @return whether it carries {@link #AUDITOR_AUTHORITY}
	 */
	public static boolean isAuditor(Authentication authentication) {
		return authentication != null && authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> AUDITOR_AUTHORITY.equals(authority.getAuthority()));
	}

}
