package dev.roomcast.gateway.route;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API proxy passes cookies through and keeps none: one client's {@code SESSION} never
 * goes with another client's request.
 */
@RoomcastIntegrationTest
class ApiProxyCookiesIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	/** The {@code Cookie} header of each request account-service got, "-" when none. */
	private static final List<String> COOKIES_RECEIVED = new CopyOnWriteArrayList<>();

	private static final AtomicInteger SESSIONS = new AtomicInteger();

	/** Stands in for account-service: every answer signs a new session in. */
	private static final HttpServer ACCOUNT_SERVICE = accountService();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void routeToTheStandIn(DynamicPropertyRegistry registry) {
		registry.add("roomcast.gateway.routes.account-service-url",
				() -> "http://localhost:" + ACCOUNT_SERVICE.getAddress().getPort());
	}

	@AfterAll
	static void stopTheStandIn() {
		ACCOUNT_SERVICE.stop(0);
	}

	@Test
	void aSessionCookieSetForOneClientDoesNotGoWithAnothersRequests() throws Exception {
		HttpResponse<String> first = get(null);
		assertThat(first.headers().firstValue("Set-Cookie"))
			.hasValueSatisfying((cookie) -> assertThat(cookie).startsWith("SESSION=session-1"));

		get(null);
		get("SESSION=mine");

		assertThat(COOKIES_RECEIVED).containsExactly("-", "-", "SESSION=mine");
	}

	private HttpResponse<String> get(String cookie) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/me"))
			.timeout(Duration.ofSeconds(30));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response;
	}

	private static HttpServer accountService() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/", (exchange) -> {
				String cookie = exchange.getRequestHeaders().getFirst("Cookie");
				COOKIES_RECEIVED.add((cookie != null) ? cookie : "-");
				byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders()
					.add("Set-Cookie", "SESSION=session-" + SESSIONS.incrementAndGet() + "; Path=/; HttpOnly");
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
