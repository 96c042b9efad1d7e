package dev.roomcast.persistence.config;

import dev.roomcast.session.SecurityProblemHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * persistence-service only reads the sessions account-service writes (Spring Session in
 * Redis, shared cookie): it never creates one, never redirects to a login page, and
 * answers 401 and 403 as ProblemDetail JSON. CSRF stays on, with the shared token
 * repository, for any mutating endpoint.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, CsrfTokenRepository csrfTokenRepository,
			SecurityProblemHandler problems) {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/**", "/error")
			.permitAll()
			.requestMatchers("/api/audit", "/api/audit/**")
			.hasRole("AUDITOR")
			// history and the members' own chain check are for chat users; auditors
			// replay
			.requestMatchers("/api/rooms/**")
			.hasRole("USER")
			.anyRequest()
			.authenticated())
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokenRepository))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.NEVER))
			.requestCache((cache) -> cache.disable())
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}

}
