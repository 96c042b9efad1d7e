package dev.roomcast.persistence.config;

import dev.roomcast.session.SessionReaderSecurity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * persistence-service only reads the sessions account-service writes
 * ({@link SessionReaderSecurity}): everything but the actuator needs a signed-in user.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, SessionReaderSecurity sessionReader) {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/**", "/error")
			.permitAll()
			.requestMatchers("/api/audit", "/api/audit/**")
			.hasRole("AUDITOR")
			// history and the members' own chain check are for chat users; auditors
			// replay
			.requestMatchers("/api/rooms/**")
			.hasRole("USER")
			.anyRequest()
			.authenticated());
		sessionReader.customize(http);
		return http.build();
	}

}
