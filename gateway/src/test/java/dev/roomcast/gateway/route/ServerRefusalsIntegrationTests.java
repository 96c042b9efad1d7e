package dev.roomcast.gateway.route;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Jetty refuses before the gateway's filters see the request is answered as a
 * problem like every other error, with a detail that says what is wrong.
 */
@RoomcastIntegrationTest
class ServerRefusalsIntegrationTests {

	@LocalServerPort
	int port;

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					/api/rooms/%00       | The request is not valid HTTP: a malformed request line or header, or a path with an encoded NUL
					/api/rooms/a%5Cb     | The path is not a valid URI
					/api/rooms/a%2Fb     | The path holds an encoded '/'
					/api//rooms/r        | The path holds an empty segment
					/api/rooms/%2e%2e/x  | The path holds an encoded '.' or '..' segment
					""")
	void aPathJettyRefusesIsAProblem(String path, String detail) throws IOException {
		String response = get(path);

		assertThat(response).startsWith("HTTP/1.1 400 ");
		assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(response).contains("\"detail\":\"" + detail).doesNotContain("/badMessage");
	}

	/** One raw request, so that the path reaches the server exactly as written. */
	private String get(String path) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.ISO_8859_1));
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
