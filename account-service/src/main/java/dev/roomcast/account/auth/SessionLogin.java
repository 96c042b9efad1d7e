package dev.roomcast.account.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import dev.roomcast.session.SessionUser;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.stereotype.Component;

/**
 * Signs a user in on this request: a new session id (fixation protection), the
 * authentication saved in the session for every service to read, and a fresh CSRF token
 * so that a token planted before login is worthless after it.
 */
@Component
class SessionLogin {

	private final HttpSessionSecurityContextRepository securityContextRepository;

	private final CsrfTokenRepository csrfTokenRepository;

	SessionLogin(HttpSessionSecurityContextRepository securityContextRepository,
			CsrfTokenRepository csrfTokenRepository) {
		this.securityContextRepository = securityContextRepository;
		this.csrfTokenRepository = csrfTokenRepository;
	}

	void start(SessionUser user, HttpServletRequest request, HttpServletResponse response) {
		if (request.getSession(false) != null) {
			request.changeSessionId();
		}
		HttpSession session = request.getSession(true);
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(user.toAuthentication());
		SecurityContextHolder.setContext(context);
		this.securityContextRepository.saveContext(context, request, response);
		user.storeIn(session);
		CsrfToken fresh = this.csrfTokenRepository.generateToken(request);
		this.csrfTokenRepository.saveToken(fresh, request, response);
	}

}
