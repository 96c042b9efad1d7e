package dev.roomcast.persistence.audit;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.roomcast.events.EventJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * The command-line replay, for use without the web UI:
 * {@code audit replay (--room ID | --all) [--url URL] [--user NAME] [--from T] [--to T]}.
 * Logs in as an auditor over HTTP (password from {@code ROOMCAST_AUDITOR_PASSWORD}),
 * starts a replay, shows its progress on stderr, prints the report as JSON on stdout and
 * exits 0 when it is valid, 1 when anything is wrong, 2 on a usage or connection error.
 */
public final class ReplayCommand {

	private ReplayCommand() {
	}

	/**
	 * Whether the arguments ask for this command rather than the service.
	 * @param args the command line
	 * @return whether they start with {@code audit replay}
	 */
	public static boolean handles(String[] args) {
		return args.length > 1 && "audit".equals(args[0]) && "replay".equals(args[1]);
	}

	public static void main(String[] args) {
		try {
			System.exit(run(args));
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("audit replay failed: " + ex.getMessage());
			System.exit(2);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			System.exit(2);
		}
	}

	static int run(String[] args) throws IOException, InterruptedException {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 2; i < args.length; i++) {
			if (args[i].equals("--all")) {
				options.put("all", "true");
			}
			else if (args[i].startsWith("--") && i + 1 < args.length) {
				options.put(args[i].substring(2), args[++i]);
			}
			else {
				return usage("unexpected argument " + args[i]);
			}
		}
		if (options.containsKey("room") == options.containsKey("all")) {
			return usage("give --room ID or --all");
		}
		String base = options.getOrDefault("url", "http://localhost:8080");
		String user = options.getOrDefault("user", System.getenv().getOrDefault("ROOMCAST_AUDITOR", "auditor"));
		String password = System.getenv("ROOMCAST_AUDITOR_PASSWORD");
		if (password == null) {
			return usage("set ROOMCAST_AUDITOR_PASSWORD");
		}
		HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		JsonNode csrf = call(http, get(base + "/api/auth/csrf"), 200);
		String header = csrf.get("headerName").asString();
		call(http, post(base + "/api/auth/login", Map.of("username", user, "password", password), header, csrf), 200);
		// login rotates the token
		csrf = call(http, get(base + "/api/auth/csrf"), 200);
		Map<String, Object> body = new LinkedHashMap<>();
		if (options.containsKey("room")) {
			body.put("roomId", options.get("room"));
		}
		else {
			body.put("all", true);
		}
		if (options.containsKey("from")) {
			body.put("fromTime", options.get("from"));
		}
		if (options.containsKey("to")) {
			body.put("toTime", options.get("to"));
		}
		String replayId = call(http, post(base + "/api/audit/replays", body, header, csrf), 202).get("replayId")
			.asString();
		JsonNode progress;
		while (true) {
			progress = call(http, get(base + "/api/audit/replays/" + replayId), 200);
			String state = progress.get("state").asString();
			System.err.printf("\r%s %5.1f%% %,d events %,d/s   ", state, progress.get("percent").asDouble(),
					progress.get("eventsRead").asLong(), progress.get("eventsPerSecond").asLong());
			if (state.equals("DONE") || state.equals("FAILED")) {
				break;
			}
			Thread.sleep(500);
		}
		System.err.println();
		if (progress.get("state").asString().equals("FAILED")) {
			System.err.println("replay failed: " + progress.path("error").asString(""));
			return 2;
		}
		JsonNode report = progress.get("report");
		System.out
			.println(EventJson.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
		return report.get("valid").asBoolean() ? 0 : 1;
	}

	private static int usage(String problem) {
		System.err.println(problem);
		System.err.println("usage: audit replay (--room ID | --all) [--url http://localhost:8080] [--user NAME]"
				+ " [--from ISO-8601] [--to ISO-8601]   (password in ROOMCAST_AUDITOR_PASSWORD)");
		return 2;
	}

	private static HttpRequest.Builder get(String url) {
		return HttpRequest.newBuilder(URI.create(url)).GET();
	}

	private static HttpRequest.Builder post(String url, Object body, String header, JsonNode csrf) {
		return HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.header(header, csrf.get("token").asString())
			.POST(HttpRequest.BodyPublishers.ofString(EventJson.mapper().writeValueAsString(body)));
	}

	private static JsonNode call(HttpClient http, HttpRequest.Builder request, int expected)
			throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(request.header("Accept", "application/json").build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != expected) {
			throw new IOException(
					request.build().uri().getPath() + " answered " + response.statusCode() + ": " + response.body());
		}
		return EventJson.mapper().readTree(response.body());
	}

}
