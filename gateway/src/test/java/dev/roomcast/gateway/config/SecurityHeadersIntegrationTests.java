package dev.roomcast.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web client's pages carry a Content-Security-Policy that allows only the gateway's
 * own scripts, styles and connections, and a Referrer-Policy; the pages need nothing
 * inline, so the policy does not break them.
 */
@RoomcastIntegrationTest
class SecurityHeadersIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@LocalServerPort
	int port;

	@Test
	void pagesAndAssetsCarryTheContentSecurityAndReferrerPolicies() throws Exception {
		for (String path : new String[] { "/", "/index.html", "/assets/app.js", "/assets/app.css" }) {
			HttpResponse<String> response = get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
			assertThat(csp).as(path)
				.contains("default-src 'self'")
				.contains("script-src 'self'")
				.contains("style-src 'self'")
				.contains("connect-src 'self'")
				.contains("frame-ancestors 'none'")
				.doesNotContain("unsafe-inline")
				.doesNotContain("unsafe-eval");
			assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
		}
	}

	@Test
	void theWebClientHasNoInlineScriptsStylesOrHandlers() throws IOException {
		String html;
		try (InputStream in = getClass().getResourceAsStream("/static/index.html")) {
			html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html).find())
			.as("inline <script>")
			.isFalse();
		assertThat(Pattern.compile("<style\\b", Pattern.CASE_INSENSITIVE).matcher(html).find()).as("<style>").isFalse();
		assertThat(Pattern.compile("\\s(on[a-z]+|style)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find())
			.as("inline handler or style attribute")
			.isFalse();
		assertThat(html).doesNotContain("javascript:");
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.build();
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
