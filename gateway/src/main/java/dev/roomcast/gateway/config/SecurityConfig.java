package dev.roomcast.gateway.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * The gateway reads the shared Redis session and never creates one (account-service signs
 * users in). The web client's files are public; {@code /api/**} is routed to the
 * services, which enforce authentication and CSRF themselves; the WebSocket handshake
 * needs a signed-in session. No login page, no redirects: 401.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, CsrfTokenRepository csrfTokenRepository) {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers(HttpMethod.GET, "/", "/index.html", "/assets/**", "/webjars/**", "/favicon.ico")
			.permitAll()
			.requestMatchers("/actuator/**", "/api/**", "/error")
			.permitAll()
			.requestMatchers("/ws", "/ws/**")
			.authenticated()
			.anyRequest()
			.authenticated())
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokenRepository).ignoringRequestMatchers("/api/**"))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.NEVER))
			.requestCache((cache) -> cache.disable())
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)));
		return http.build();
	}

}
