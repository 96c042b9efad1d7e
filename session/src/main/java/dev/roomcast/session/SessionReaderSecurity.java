package dev.roomcast.session;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * The security of a service that only reads the sessions account-service writes (gateway,
 * persistence-service): it never creates one, never redirects to a login page and offers
 * no login or logout of its own, checks CSRF with the shared token repository, and
 * answers 401 and 403 as ProblemDetail JSON. A filter chain calls {@code customize(http)}
 * after its own request rules.
 */
public class SessionReaderSecurity implements Customizer<HttpSecurity> {

	private final CsrfTokenRepository csrfTokenRepository;

	private final SecurityProblemHandler problems;

	SessionReaderSecurity(CsrfTokenRepository csrfTokenRepository, SecurityProblemHandler problems) {
		this.csrfTokenRepository = csrfTokenRepository;
		this.problems = problems;
	}

	@Override
	public void customize(HttpSecurity http) {
		http.csrf((csrf) -> csrf.csrfTokenRepository(this.csrfTokenRepository))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.NEVER))
			.requestCache((cache) -> cache.disable())
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(this.problems)
				.accessDeniedHandler(this.problems));
	}

}
