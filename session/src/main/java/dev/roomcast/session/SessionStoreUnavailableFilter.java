package dev.roomcast.session;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.session.web.http.SessionRepositoryFilter;

import tools.jackson.databind.json.JsonMapper;

/**
 * While Redis, which holds every session, cannot be reached (restarting, say), a request
 * gets {@code 503} with {@code Retry-After: 1} and a problem body instead of the
 * {@code 500} Spring Session's failure would make: clients wait and retry, and nobody is
 * told to sign in again for an outage (docs/reliability.md).
 */
public class SessionStoreUnavailableFilter extends ProblemAnsweringFilter {

	/** Around Spring Session's filter, which reads and saves the session. */
	static final int ORDER = SessionRepositoryFilter.DEFAULT_ORDER - 1;

	private static final Logger logger = LoggerFactory.getLogger(SessionStoreUnavailableFilter.class);

	/**
	 * A filter writing its problems with the application's mapper.
	 * @param json the mapper
	 */
	public SessionStoreUnavailableFilter(JsonMapper json) {
		super(ORDER, json);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (RuntimeException | ServletException ex) {
			if (!isStoreUnavailable(ex) || response.isCommitted()) {
				throw ex;
			}
			logger.warn("{} {}: the session store is unavailable ({}); answered 503", request.getMethod(),
					request.getRequestURI(), ex.getMessage());
			response.reset();
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			answer(request, response, HttpStatus.SERVICE_UNAVAILABLE,
					"The session store is unavailable for a moment; try again shortly", Map.of());
		}
	}

	/**
	 * Whether a failure comes from a store that cannot be reached or did not answer in
	 * time, rather than from the request.
	 * @param failure what the chain threw
	 * @return whether it does
	 */
	static boolean isStoreUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof QueryTimeoutException) {
				return true;
			}
		}
		return false;
	}

}
