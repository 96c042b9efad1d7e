package dev.roomcast.session;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;

import tools.jackson.databind.json.JsonMapper;

/**
 * What makes one sign-in valid on every service: sessions in Redis as JSON (only JDK and
 * Spring Security types go in them) and the CSRF token in a cookie that every service
 * checks the same way. The session cookie itself is configured by
 * {@code server.servlet.session.*} in each service.
 */
@AutoConfiguration
public class RoomcastSessionAutoConfiguration {

	/**
	 * The serializer Spring Session picks up by this bean name.
	 * @return JSON with Spring Security's type-checked modules
	 */
	@Bean
	RedisSerializer<Object> springSessionDefaultRedisSerializer() {
		ClassLoader loader = getClass().getClassLoader();
		JsonMapper mapper = JsonMapper.builder().addModules(SecurityJacksonModules.getModules(loader)).build();
		return new GenericJacksonJsonRedisSerializer(mapper);
	}

	/**
	 * 401 and 403 from the security filter chain as ProblemDetail JSON.
	 * @param json the application's mapper
	 * @return the handler, usable as entry point and access-denied handler
	 */
	@Bean
	SecurityProblemHandler securityProblemHandler(JsonMapper json) {
		return new SecurityProblemHandler(json);
	}

	/**
	 * {@code 503} rather than {@code 500} while Redis cannot be reached.
	 * @param json the application's mapper
	 * @return the filter
	 */
	@Bean
	SessionStoreUnavailableFilter sessionStoreUnavailableFilter(JsonMapper json) {
		return new SessionStoreUnavailableFilter(json);
	}

	/**
	 * The security of the services that only read the session.
	 * @param csrfTokenRepository the shared CSRF token repository
	 * @param securityProblemHandler the shared 401/403 writer
	 * @return the customizer their filter chains apply
	 */
	@Bean
	SessionReaderSecurity sessionReaderSecurity(CsrfTokenRepository csrfTokenRepository,
			SecurityProblemHandler securityProblemHandler) {
		return new SessionReaderSecurity(csrfTokenRepository, securityProblemHandler);
	}

	/**
	 * The CSRF token lives in the {@code XSRF-TOKEN} cookie (readable by the page) and
	 * comes back in the {@code X-XSRF-TOKEN} header or the STOMP CONNECT header of the
	 * same name.
	 * @return the repository every service shares
	 */
	@Bean
	CsrfTokenRepository csrfTokenRepository() {
		CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
		repository.setCookiePath("/");
		return repository;
	}

}
