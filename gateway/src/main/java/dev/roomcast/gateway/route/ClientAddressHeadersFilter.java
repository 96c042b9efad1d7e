package dev.roomcast.gateway.route;

import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Tells the services who the client is: {@code X-Forwarded-For} set to the address that
 * connected to the gateway (the gateway is the edge, so whatever the client sent in that
 * header is replaced, never trusted), and the original scheme. account-service limits
 * failed logins per client address from it.
 */
@Component
class ClientAddressHeadersFilter implements HttpHeadersFilter.RequestHttpHeadersFilter, Ordered {

	@Override
	public HttpHeaders apply(HttpHeaders headers, ServerRequest request) {
		HttpHeaders forwarded = new HttpHeaders();
		forwarded.addAll(headers);
		forwarded.set("X-Forwarded-For", request.servletRequest().getRemoteAddr());
		forwarded.set("X-Forwarded-Proto", request.servletRequest().getScheme());
		return forwarded;
	}

	@Override
	public int getOrder() {
		// after the gateway's own filters, which drop client-sent X-Forwarded-* headers
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
