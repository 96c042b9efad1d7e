package dev.roomcast.gateway.config;

import dev.roomcast.session.SessionReaderSecurity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The gateway reads the shared Redis session and never creates one (account-service signs
 * users in: {@link SessionReaderSecurity}). The web client's files are public;
 * {@code /api/**} is routed to the services, which enforce authentication and CSRF
 * themselves; the WebSocket handshake needs a signed-in session. No login page, no
 * redirects: 401.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

	/**
	 * The web client loads its scripts, styles and the STOMP library from the gateway
	 * itself and talks only to it ({@code 'self'} covers {@code ws:}/{@code wss:} to the
	 * same host); no inline script or style, no plugins, and no page may frame it.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "connect-src 'self'; object-src 'none'; base-uri 'none'; " + "form-action 'self'; frame-ancestors 'none'";

	/**
	 * {@code /api/**} is only proxied: this chain never reads or saves the session,
	 * because account-service changes its id at login and deletes it at logout while the
	 * request is in flight, and a stale copy saved here afterwards would fail or
	 * resurrect it.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain apiProxyChain(HttpSecurity http) {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.securityContext(
					(context) -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.anonymous((anonymous) -> anonymous.disable());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain securityFilterChain(HttpSecurity http, SessionReaderSecurity sessionReader) {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(HttpMethod.GET, "/", "/index.html", "/audit.html", "/assets/**", "/webjars/**",
					"/favicon.ico")
			.permitAll()
			.requestMatchers("/actuator/**", "/error")
			.permitAll()
			.requestMatchers("/ws", "/ws/**")
			.authenticated()
			.anyRequest()
			.authenticated())
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
		sessionReader.customize(http);
		return http.build();
	}

}
