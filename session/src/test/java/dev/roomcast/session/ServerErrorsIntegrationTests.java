package dev.roomcast.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service on a real Tomcat with the session module's auto-configuration answers every
 * error as a problem, including those answered outside its controllers: by Tomcat itself,
 * by the security firewall and by the error page. No request here touches Redis.
 */
// on Tomcat, the services' server (Jetty, the gateway's, is on this module's class path
// for
// ProblemErrorHandler; the gateway's ServerRefusalsIntegrationTests cover it)
@SpringBootTest(classes = ServerErrorsIntegrationTests.Service.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.autoconfigure.exclude=org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration")
class ServerErrorsIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	/**
	 * Tomcat refuses an encoded NUL before the application sees it; the security firewall
	 * refuses a {@code ..} segment and an encoded semicolon.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			/open/%00     | The path is not a valid URI
			/open/x/../ok | The path is not normalized
			/open/a%3Bb   | The path holds "%3B", which is not allowed
			""")
	void aPathRefusedByTomcatOrTheFirewallIsAProblemNamingIt(String path, String detail) {
		JsonNode problem = problem(get(path), 400);

		assertThat(problem.get("detail").asString()).startsWith(detail);
		assertThat(problem.get("instance").asString()).isEqualTo(path);
	}

	@Test
	void anEncodedSlashInThePathIsRefusedAsAProblem() {
		assertThat(problem(get("/open/a%2Fb"), 400).get("detail").asString()).isNotBlank();
	}

	@Test
	void aCharacterTheRequestTargetMayNotHoldIsRefusedByTomcatAsAProblem() throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write("GET /open/{x} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);

			assertThat(response).startsWith("HTTP/1.1 400");
			assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
			assertThat(response).contains("The request target holds a character that must be percent-encoded");
			assertThat(response).doesNotContain("<html");
		}
	}

	@Test
	void anUnknownPathIsANotFoundProblem() {
		assertThat(problem(get("/open/nothing"), 404).get("detail").asString())
			.isEqualTo("Nothing is found at /open/nothing");
	}

	@Test
	void anExceptionIsA500ProblemThatHidesItsMessage() {
		JsonNode problem = problem(get("/open/fail"), 500);

		assertThat(problem.get("detail").asString())
			.isEqualTo("An unexpected error occurred; it is logged on the server");
		assertThat(problem.toString()).doesNotContain("secret");
		assertThat(problem.get("instance").asString()).isEqualTo("/open/fail");
	}

	@Test
	void aBrowserAskingForHtmlStillGetsAProblem() {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(uri("/open/nothing")).header("Accept", "text/html").GET().build());

		assertThat(problem(response, 404).get("status").asInt()).isEqualTo(404);
	}

	@Test
	void theErrorPageAskedForDirectlyIsNotFound() {
		assertThat(problem(get("/error"), 404).get("detail").asString()).isEqualTo("Nothing is found at /error");
	}

	@Test
	void aGoodRequestIsUntouched() {
		HttpResponse<String> response = get("/open/ok");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ok");
	}

	private JsonNode problem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as("status; body: %s", response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).as("content type")
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("type").asString()).isEqualTo("about:blank");
		return problem;
	}

	private HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").GET().build());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Endpoints.class)
	static class Service {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http, SessionReaderSecurity sessionReader) {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/open/**", "/error")
				.permitAll()
				.anyRequest()
				.authenticated());
			sessionReader.customize(http);
			return http.build();
		}

	}

	@RestController
	static class Endpoints {

		@GetMapping("/open/ok")
		String ok() {
			return "ok";
		}

		@GetMapping("/open/fail")
		String fail() {
			throw new IllegalStateException("a secret of the server");
		}

	}

}
