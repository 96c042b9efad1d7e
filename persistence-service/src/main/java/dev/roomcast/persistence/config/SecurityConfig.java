package dev.roomcast.persistence.config;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfTokenRepository;

import tools.jackson.databind.json.JsonMapper;

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
			JsonMapper jsonMapper) {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/**", "/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokenRepository))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.NEVER))
			.requestCache((cache) -> cache.disable())
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> problem(jsonMapper, request, response,
						HttpStatus.UNAUTHORIZED, "Sign in first: this request has no valid session"))
				.accessDeniedHandler((request, response, ex) -> problem(jsonMapper, request, response,
						HttpStatus.FORBIDDEN, "Access denied: " + ex.getMessage())));
		return http.build();
	}

	private static void problem(JsonMapper jsonMapper, HttpServletRequest request, HttpServletResponse response,
			HttpStatus status, String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
