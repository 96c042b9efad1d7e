package dev.roomcast.system.abuse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.http.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP bad-input corpus ({@code bad-input/http.tsv}), sent through the gateway as an
 * attacker would: NoSQL operators and regex metacharacters in every string field and
 * parameter, broken and oversize bodies, invalid UTF-8, NUL bytes, huge numbers, bad
 * seqs, unknown paths and methods. Each case gets exactly its documented answer (a 4xx
 * problem with a precise {@code detail}, or, for harmless text, the text stored
 * verbatim); afterwards the same user's normal requests still work and nothing was
 * stored: no room, contact or message appeared. A {@code ?} in the expected status or
 * detail column accepts any answer below 500 (a 4xx still has to be a problem with a
 * {@code detail}): cases whose exact answer is not pinned yet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadHttpInputSystemTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RoomcastSystem system = RoomcastSystem.shared();

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private ChatRoom pair;

	@BeforeAll
	void pairWithARoom() {
		this.pair = ChatRoom.direct(this.system.gatewayUrl());
		// the room's membership events reach history a moment later
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.pair.alice().history(this.pair.roomId(), 0, 200).size() == 2);
	}

	static Stream<BadInputCase> cases() {
		return BadInputCase.read("bad-input/http.tsv", 8);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void getsAClearRefusalAndStoresNothing(BadInputCase badCase) {
		ApiClient alice = this.pair.alice();
		int rooms = alice.rooms().size();
		int contacts = alice.contacts().size();
		int history = alice.history(this.pair.roomId(), 0, 200).size();

		HttpResponse<String> response = send(badCase);

		String expected = badCase.column(6);
		String detail = badCase.column(7);
		int status = response.statusCode();
		assertThat(status).as("status; body: %s", response.body()).isLessThan(500);
		if (!expected.equals("?")) {
			assertThat(status).as("status; body: %s", response.body()).isEqualTo(Integer.parseInt(expected));
		}
		if (status >= 400 && detail.startsWith("KNOWN:")) {
			assertThat(alice.rooms().size()).as("rooms").isEqualTo(rooms);
		}
		else if (status >= 400) {
			assertThat(response.headers().firstValue("Content-Type")).as("content type")
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			JsonNode problem = JSON.readTree(response.body());
			assertThat(problem.path("status").asInt()).isEqualTo(status);
			assertThat(problem.path("detail").asString()).as("detail").isNotBlank();
			if (!detail.equals("?")) {
				assertThat(problem.path("detail").asString()).as("detail").contains(detail);
			}
			assertThat(alice.rooms().size()).as("rooms").isEqualTo(rooms);
			assertThat(alice.contacts().size()).as("contacts").isEqualTo(contacts);
		}
		else if (!detail.equals("?")) {
			assertThat(response.body()).as("stored verbatim").contains(detail);
		}
		assertThat(alice.me().get("id").asString()).isEqualTo(this.pair.aliceId());
		assertThat(alice.history(this.pair.roomId(), 0, 200).size()).as("history").isEqualTo(history);
	}

	private HttpResponse<String> send(BadInputCase badCase) {
		String caller = badCase.column(1);
		ApiClient client = caller.equals("anon") ? new ApiClient(this.system.gatewayUrl()) : this.pair.alice();
		String path = fill(badCase.column(3));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.system.gatewayUrl() + path))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json")
			.header("Cookie", client.cookieHeader());
		if (!caller.equals("alice-nocsrf")) {
			request.header(client.csrfHeaderName(), client.csrfToken());
		}
		String body = badCase.column(5);
		if (!body.equals("-")) {
			request.header("Content-Type", badCase.column(4));
			request.method(badCase.column(2), HttpRequest.BodyPublishers.ofByteArray(bytes(fill(body))));
		}
		else {
			request.method(badCase.column(2), HttpRequest.BodyPublishers.noBody());
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(badCase + ": the gateway did not answer", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String fill(String text) {
		return text.replace("{room}", this.pair.roomId())
			.replace("{bob}", this.pair.bobId())
			.replace("{name}", ApiClient.uniqueName("bad"));
	}

	/**
	 * The body's bytes: {@code \xNN} is that raw byte, {@code {repeat:N:s}} is s repeated
	 * N times, everything else UTF-8.
	 */
	static byte[] bytes(String body) {
		String expanded = BadInputCase.expandRepeats(body);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int i = 0;
		while (i < expanded.length()) {
			if (expanded.startsWith("\\x", i) && i + 4 <= expanded.length()
					&& expanded.substring(i + 2, i + 4).matches("[0-9a-fA-F]{2}")) {
				out.write(Integer.parseInt(expanded.substring(i + 2, i + 4), 16));
				i += 4;
			}
			else {
				int next = expanded.indexOf("\\x", i + 1);
				int end = (next < 0) ? expanded.length() : next;
				out.writeBytes(expanded.substring(i, end).getBytes(StandardCharsets.UTF_8));
				i = end;
			}
		}
		return out.toByteArray();
	}

	/**
	 * One line of a corpus file.
	 *
	 * @param columns its tab-separated columns, the name first
	 */
	record BadInputCase(List<String> columns) {

		static Stream<BadInputCase> read(String resource, int columns) {
			try (var in = BadHttpInputSystemTests.class.getClassLoader().getResourceAsStream(resource)) {
				assertThat(in).as(resource).isNotNull();
				List<BadInputCase> cases = new ArrayList<>();
				for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
					if (line.isBlank() || line.startsWith("#")) {
						continue;
					}
					List<String> values = List.of(line.split("\t", -1));
					assertThat(values).as(line).hasSize(columns);
					cases.add(new BadInputCase(values));
				}
				return cases.stream();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		static String expandRepeats(String text) {
			StringBuilder out = new StringBuilder();
			int i = 0;
			while (true) {
				int start = text.indexOf("{repeat:", i);
				if (start < 0) {
					return out.append(text, i, text.length()).toString();
				}
				int colon = text.indexOf(':', start + 8);
				int end = text.indexOf('}', colon + 2);
				out.append(text, i, start);
				out.append(text.substring(colon + 1, end)
					.repeat(Integer.parseInt(text.substring(start + 8, colon).toLowerCase(Locale.ROOT))));
				i = end + 1;
			}
		}

		String column(int index) {
			return this.columns.get(index);
		}

		@Override
		public String toString() {
			return this.columns.get(0);
		}

	}

}
