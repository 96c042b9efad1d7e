package dev.roomcast.session;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a request body over the limit with a {@code 413} problem before the session,
 * security or any controller reads it. A declared {@code Content-Length} over the limit
 * is refused unread; a chunked body is read up to one byte past the limit and either
 * refused or handed on from that buffer.
 */
public class RequestBodyLimitFilter extends ProblemAnsweringFilter {

	/** Before Spring Session's filter, so an oversized request never touches Redis. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	private final long maxBytes;

	/**
	 * A filter writing its problems with the application's mapper.
	 * @param maxBytes the largest body accepted
	 * @param json the mapper
	 */
	public RequestBodyLimitFilter(long maxBytes, JsonMapper json) {
		super(ORDER, json);
		this.maxBytes = maxBytes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > this.maxBytes) {
			refuse(request, response);
			return;
		}
		if (declared < 0 && isChunked(request)) {
			byte[] body = request.getInputStream().readNBytes(Math.toIntExact(this.maxBytes + 1));
			if (body.length > this.maxBytes) {
				refuse(request, response);
				return;
			}
			chain.doFilter(new BufferedBodyRequest(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean isChunked(HttpServletRequest request) {
		String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
		return encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
		answer(request, response, HttpStatus.CONTENT_TOO_LARGE,
				"The request body is larger than " + this.maxBytes + " bytes", Map.of("maxBodyBytes", this.maxBytes));
	}

	/** A request whose body was already read into memory. */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			return new BufferedInputStream(new ByteArrayInputStream(this.body));
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(this.body), charset));
		}

	}

	private static final class BufferedInputStream extends ServletInputStream {

		private final InputStream in;

		BufferedInputStream(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			return this.in.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			return this.in.read(buffer, offset, length);
		}

		@Override
		public boolean isFinished() {
			try {
				return this.in.available() == 0;
			}
			catch (IOException ex) {
				return true;
			}
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new UnsupportedOperationException("Not an asynchronous request body");
		}

	}

}
