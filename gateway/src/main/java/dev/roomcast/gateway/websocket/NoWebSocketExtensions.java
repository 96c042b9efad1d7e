package dev.roomcast.gateway.websocket;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hides {@code Sec-WebSocket-Extensions} from the handshake on {@code /ws}, so that no
 * extension is negotiated. Browsers offer {@code permessage-deflate}, and Tomcat accepts
 * it by default, giving each such session a zlib deflater and inflater: about 260 KiB of
 * native memory a connection, kept while it is open, to compress frames of a few hundred
 * bytes (docs/decisions.md). Tomcat negotiates from the request's header itself, whatever
 * Spring's handshake handler selects, hence a filter.
 */
@Component
class NoWebSocketExtensions extends OncePerRequestFilter {

	static final String EXTENSIONS = "Sec-WebSocket-Extensions";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getHeader(EXTENSIONS) == null || !"/ws".equals(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public String getHeader(String name) {
				return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
			}

			@Override
			public Enumeration<String> getHeaderNames() {
				return Collections.enumeration(Collections.list(super.getHeaderNames())
					.stream()
					.filter((header) -> !EXTENSIONS.equalsIgnoreCase(header))
					.toList());
			}

		}, response);
	}

}
