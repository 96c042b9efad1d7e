package dev.roomcast.system;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.http.HttpProbe;
import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.system.support.PromQl;
import dev.roomcast.system.support.RoomcastSystem;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What operators rely on, against the running system: the health groups Kubernetes and
 * compose probe, the build in {@code /actuator/info}, and no dashboard panel or alert
 * rule reading a metric that no service exposes (a dead panel shows nothing, a dead alert
 * never fires).
 */
class MonitoringSystemTests {

	private static final Duration PIPELINE = Duration.ofSeconds(60);

	/** Series Prometheus makes itself for every scrape target. */
	private static final Set<String> SCRAPE_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
			"scrape_samples_post_metric_relabeling", "scrape_series_added");

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private final RoomcastSystem system = RoomcastSystem.shared();

	@Test
	void everyServiceAnswersItsLivenessAndReadinessGroupsAndItsBuild() {
		for (RoomcastService service : RoomcastService.values()) {
			int port = this.system.managementPort(service);
			await().atMost(PIPELINE)
				.untilAsserted(
						() -> assertThat(HttpProbe.get(port, "/actuator/health/readiness").body()).as(service.module())
							.contains("\"status\":\"UP\""));
			assertThat(HttpProbe.get(port, "/actuator/health/liveness").body()).as(service.module())
				.contains("\"status\":\"UP\"");
			JsonNode build = JSON.readTree(HttpProbe.get(port, "/actuator/info").body()).path("build");
			assertThat(build.path("artifact").asString()).as(service.module()).isEqualTo(service.module());
			assertThat(build.path("version").asString()).as(service.module()).isNotBlank();
		}
	}

	@Test
	void everyDashboardPanelAndAlertReadsAMetricTheServicesExpose() throws IOException {
		exerciseTheSystem();
		Set<String> exposed = new TreeSet<>(SCRAPE_SERIES);
		for (RoomcastService service : RoomcastService.values()) {
			exposed.addAll(
					scrapedNames(HttpProbe.get(this.system.managementPort(service), "/actuator/prometheus").body()));
		}
		Map<String, String> expressions = new LinkedHashMap<>(dashboardExpressions());
		Map<String, String> rules = alertExpressions();
		expressions.putAll(rules);
		exposed.addAll(recordedNames());
		assertThat(expressions).as("expressions found").hasSizeGreaterThan(10);
		List<String> dead = new ArrayList<>();
		expressions.forEach((where, expression) -> {
			for (String name : PromQl.metricNames(expression)) {
				boolean found = name.startsWith("~") ? exposed.stream().anyMatch((n) -> n.matches(name.substring(1)))
						: exposed.contains(name);
				if (!found) {
					dead.add(where + " reads " + name + ": " + expression);
				}
			}
		});
		assertThat(dead).as("panels and alerts naming a metric no service exposes").isEmpty();
	}

	/**
	 * One of everything a panel or an alert watches: a login that fails, one that
	 * succeeds, a message sent, ordered, delivered and stored, and an HTTP error.
	 * Counters without tags exist from start-up on.
	 */
	private void exerciseTheSystem() {
		String gatewayUrl = this.system.gatewayUrl();
		String username = new ApiClient(gatewayUrl).signupNew("watcher").get("username").asString();
		assertThat(new ApiClient(gatewayUrl)
			.post("/api/auth/login", Map.of("username", username, "password", "not-the-password"))
			.status()).isEqualTo(401);
		ChatRoom room = ChatRoom.direct(gatewayUrl);
		try (ChatRoom.Connected chat = room.connect(gatewayUrl)) {
			assertThat(chat.alice().send(room.roomId(), UUID.randomUUID().toString(), "watched").join()).isTrue();
			await().atMost(PIPELINE).until(() -> chat.bob().messages(room.roomId()).size() == 1);
			await().atMost(PIPELINE).ignoreExceptions().until(() -> room.messagesInHistory() == 1);
		}
	}

	/**
	 * The metric names of a Prometheus text exposition (histograms as
	 * _bucket/_count/_sum).
	 */
	static Set<String> scrapedNames(String exposition) {
		Set<String> names = new TreeSet<>();
		exposition.lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).forEach((line) -> {
			int end = 0;
			while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
				end++;
			}
			names.add(line.substring(0, end));
		});
		return names;
	}

	private static Map<String, String> dashboardExpressions() throws IOException {
		Map<String, String> expressions = new LinkedHashMap<>();
		Path dashboards = root().resolve("infra/grafana");
		try (Stream<Path> files = Files.walk(dashboards)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).toList()) {
				collectExpressions(JSON.readTree(file.toFile()), dashboards.relativize(file) + " ", expressions);
			}
		}
		return expressions;
	}

	/** Every "expr" in a dashboard, named by its panel's title (rows nest panels). */
	private static void collectExpressions(JsonNode node, String where, Map<String, String> expressions) {
		if (node.isObject()) {
			String here = node.has("title") ? where + "/" + node.get("title").asString() : where;
			if (node.has("expr")) {
				expressions.put(here + " #" + expressions.size(), node.get("expr").asString());
			}
			node.forEach((child) -> collectExpressions(child, here, expressions));
		}
		else if (node.isArray()) {
			node.forEach((child) -> collectExpressions(child, where, expressions));
		}
	}

	private static Map<String, String> alertExpressions() throws IOException {
		Map<String, String> expressions = new LinkedHashMap<>();
		for (Map<String, Object> rule : rules()) {
			Object name = rule.containsKey("alert") ? rule.get("alert") : rule.get("record");
			expressions.put("alerts.yml " + name, rule.get("expr").toString());
		}
		return expressions;
	}

	private static Set<String> recordedNames() throws IOException {
		Set<String> names = new TreeSet<>();
		for (Map<String, Object> rule : rules()) {
			if (rule.containsKey("record")) {
				names.add(rule.get("record").toString());
			}
		}
		return names;
	}

	private static Path root() {
		return Path.of(System.getProperty("roomcast.root", "..")).toAbsolutePath().normalize();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rules() throws IOException {
		try (Reader reader = Files.newBufferedReader(root().resolve("infra/prometheus/alerts.yml"))) {
			Map<String, Object> file = new Yaml().load(reader);
			List<Map<String, Object>> rules = new ArrayList<>();
			for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
				rules.addAll((List<Map<String, Object>>) group.get("rules"));
			}
			return rules;
		}
	}

}
