package dev.roomcast.infra;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.roomcast.events.Topics;
import dev.roomcast.infra.server.InfraPaths;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs on the development machines, so the compose topology is checked
 * by reading it: pinned images, environment that the services actually bind, the topic
 * catalogue, data in volumes, health, restarts, memory, shutdown, what is published, and
 * Prometheus scraping every service.
 */
class ComposeFileTests {

	private static final Path ROOT = InfraPaths.root();

	private static final List<String> SPRING_SERVICES = List.of("account-service", "chat-service",
			"persistence-service", "gateway-1", "gateway-2");

	/** Environment read by the JVM itself, not bound by Spring. */
	private static final Set<String> NOT_SPRING_PROPERTIES = Set.of("JAVA_TOOL_OPTIONS");

	/**
	 * Native memory a JVM takes beyond the bounded areas: GC structures, class data,
	 * malloc.
	 */
	private static final long JVM_NATIVE_OVERHEAD = mebibytes(128);

	/**
	 * Threads a service runs at most (Tomcat's 200 workers and the rest), each with its
	 * -Xss.
	 */
	private static final int MAX_THREADS = 260;

	/**
	 * chat-service's RocksDB block cache and memtables (BoundedRocksDbConfig), off the
	 * heap.
	 */
	private static final long ROCKSDB_BYTES = mebibytes(64);

	private final Map<String, Map<String, Object>> services = services();

	@Test
	void everyImageIsPinnedToAVersion() {
		this.services.forEach((name, service) -> {
			Object image = service.get("image");
			assertThat(image).as("image of " + name).isNotNull();
			String tag = image.toString().substring(image.toString().lastIndexOf(':') + 1);
			assertThat(image.toString()).as(name).contains(":");
			assertThat(tag).as("tag of " + name).isNotEqualTo("latest").containsPattern("\\d+\\.\\d+");
		});
	}

	@Test
	void runsTheFourServicesWithTwoGateways() {
		assertThat(this.services.keySet()).contains("kafka", "mongo", "redis", "prometheus", "grafana",
				"account-service", "chat-service", "persistence-service", "gateway-1", "gateway-2");
		assertThat(image("gateway-1")).isEqualTo(image("gateway-2"));
	}

	@Test
	void servicesEnvironmentNamesPropertiesTheServicesDeclare() throws IOException {
		for (String name : List.of("account-service", "chat-service", "persistence-service", "gateway-1",
				"gateway-2")) {
			String module = module(name);
			Set<String> declared = declaredProperties(module);
			Map<String, Object> environment = environment(name);
			assertThat(environment).as("environment of " + name).isNotEmpty();
			for (String variable : environment.keySet()) {
				if (NOT_SPRING_PROPERTIES.contains(variable)) {
					continue;
				}
				assertThat(declared)
					.as(variable + " of " + name + " binds a property in " + module
							+ "/src/main/resources/application.yml")
					.contains(relaxed(variable));
			}
		}
	}

	@Test
	void createsEveryTopicOfTheCatalogue() {
		String script = this.services.get("kafka-init").get("command").toString();
		for (Topics.TopicSpec topic : Topics.ALL) {
			assertThat(script).as(topic.name())
				.contains("--topic " + topic.name() + " --partitions " + topic.partitions());
			topic.config()
				.forEach((key, value) -> assertThat(script).as(topic.name()).contains("--config " + key + "=" + value));
		}
	}

	/**
	 * Each stateful server's data directory, as it configures it, is the mount point of a
	 * named volume: otherwise a recreated container starts empty (Kafka's image writes to
	 * /tmp unless KAFKA_LOG_DIRS says otherwise, and every room's seq restarts at 1).
	 */
	@Test
	void everyStatefulServiceWritesIntoItsVolume() {
		Map<String, String> dataDirectories = Map.of("kafka", environment("kafka").get("KAFKA_LOG_DIRS").toString(),
				"mongo", optionValue("mongo", "--dbpath"), "redis", optionValue("redis", "--dir"), "prometheus",
				optionValue("prometheus", "--storage.tsdb.path"), "grafana",
				environment("grafana").get("GF_PATHS_DATA").toString());
		Set<String> declaredVolumes = volumes().keySet();
		dataDirectories.forEach((name, directory) -> {
			Map<String, String> mounts = namedVolumeMounts(name);
			assertThat(mounts).as("named volumes of " + name).containsValue(directory);
			mounts.keySet().forEach((volume) -> assertThat(declaredVolumes).as(name).contains(volume));
		});
	}

	@Test
	void everyLongRunningServiceIsRestarted() {
		this.services.forEach((name, service) -> {
			String expected = name.equals("kafka-init") ? "on-failure" : "unless-stopped";
			assertThat(service.get("restart")).as("restart policy of " + name).isEqualTo(expected);
		});
	}

	@Test
	void theServicesAreHealthyWhenTheirReadinessGroupIsUp() {
		for (String name : SPRING_SERVICES) {
			String port = declaredManagementPort(module(name));
			assertThat(healthcheck(name)).as("healthcheck of " + name)
				.contains("/dev/tcp/127.0.0.1/" + port)
				.contains("GET /actuator/health/readiness")
				.contains("\"status\":\"UP\"");
		}
	}

	@Test
	void everyServiceWaitsForWhatItDependsOnToBeHealthy() {
		this.services.forEach((name, service) -> {
			dependsOn(name).forEach((dependency, condition) -> {
				String expected = dependency.equals("kafka-init") ? "service_completed_successfully"
						: "service_healthy";
				assertThat(condition).as(name + " waits for " + dependency).isEqualTo(expected);
				if (expected.equals("service_healthy")) {
					assertThat(this.services.get(dependency)).as(dependency).containsKey("healthcheck");
				}
			});
		});
		assertThat(dependsOn("gateway-1")).containsKeys("account-service", "persistence-service", "chat-service");
		assertThat(dependsOn("lb")).containsKeys("gateway-1", "gateway-2");
	}

	@Test
	void memoryLimitsHoldWhatTheJvmsMayTake() {
		for (String name : SPRING_SERVICES) {
			String options = environment(name).get("JAVA_TOOL_OPTIONS").toString();
			long required = jvmOption(options, "-Xmx") + jvmOption(options, "-XX:MaxMetaspaceSize=")
					+ jvmOption(options, "-XX:MaxDirectMemorySize=") + jvmOption(options, "-XX:ReservedCodeCacheSize=")
					+ MAX_THREADS * jvmOption(options, "-Xss") + JVM_NATIVE_OVERHEAD
					+ (name.equals("chat-service") ? ROCKSDB_BYTES : 0);
			long limit = bytes(this.services.get(name).get("mem_limit").toString());
			assertThat(limit).as("mem_limit of " + name + " (the JVM may take " + required / mebibytes(1) + " MiB)")
				.isGreaterThanOrEqualTo(required);
			assertThat(options).as(name).contains("-XX:+ExitOnOutOfMemoryError");
		}
		String kafkaHeap = environment("kafka").get("KAFKA_HEAP_OPTS").toString();
		assertThat(bytes(this.services.get("kafka").get("mem_limit").toString()))
			.isGreaterThan(jvmOption(kafkaHeap, "-Xmx") + mebibytes(256));
	}

	@Test
	void servicesGetLongerToStopThanTheirGracefulShutdown() throws IOException {
		for (String name : SPRING_SERVICES) {
			Map<String, String> properties = declaredValues(module(name));
			long shutdownPhase = seconds(properties.getOrDefault("spring.lifecycle.timeout-per-shutdown-phase", "30s"));
			Object grace = this.services.get(name).get("stop_grace_period");
			assertThat(grace).as("stop_grace_period of " + name).isNotNull();
			assertThat(seconds(grace.toString())).as("stop_grace_period of " + name).isGreaterThan(shutdownPhase);
		}
	}

	@Test
	void oneLoadBalancerWithWebSocketSupportFrontsBothGateways() throws IOException {
		Map<String, Object> lb = this.services.get("lb");
		assertThat(lb.get("image").toString()).matches("nginx:\\d+\\.\\d+\\.\\d+-alpine");
		String mount = volumeMounts("lb").stream()
			.filter((volume) -> volume.contains(":/etc/nginx/conf.d/"))
			.findFirst()
			.orElseThrow();
		String config = Files.readString(ROOT.resolve(mount.substring(2, mount.indexOf(':'))));
		assertThat(config).contains("server gateway-1:8080", "server gateway-2:8080", "proxy_http_version 1.1",
				"proxy_set_header Upgrade $http_upgrade", "proxy_set_header Connection $connection_upgrade",
				"proxy_set_header X-Forwarded-For $remote_addr");
		assertThat(ports("lb")).singleElement().asString().endsWith(":80");
		for (String gateway : List.of("gateway-1", "gateway-2")) {
			assertThat(environment(gateway)).containsEntry("SERVER_FORWARD_HEADERS_STRATEGY", "native");
		}
	}

	@Test
	void onlyTheLoadBalancerIsPublishedToTheWorld() {
		this.services.forEach((name, service) -> {
			List<String> ports = ports(name);
			switch (name) {
				case "lb" -> assertThat(ports).hasSize(1);
				case "prometheus",
						"grafana" ->
					assertThat(ports).as(name)
						.isNotEmpty()
						.allSatisfy((port) -> assertThat(port).startsWith("127.0.0.1:"));
				default -> assertThat(ports).as("published ports of " + name).isEmpty();
			}
		});
	}

	@Test
	void grafanaHasNoDefaultAdminPassword() {
		Map<String, Object> environment = environment("grafana");
		assertThat(environment.get("GF_SECURITY_ADMIN_PASSWORD")).asString()
			.as("a required variable, no default")
			.matches("\\$\\{[A-Z_]+:\\?.+}");
		assertThat(environment.get("GF_SECURITY_ADMIN_USER")).asString().isNotEqualTo("admin");
		assertThat(environment.get("GF_AUTH_ANONYMOUS_ENABLED")).isEqualTo("false");
	}

	@Test
	void grafanaProvisionsTheDashboardsItIsGiven() throws IOException {
		String provider = Files.readString(ROOT.resolve("infra/grafana/provisioning/dashboards/roomcast.yml"));
		String path = provider.substring(provider.indexOf("path:") + 5).strip().split("\\s")[0];
		assertThat(volumeMounts("grafana")).contains("./infra/grafana/dashboards:" + path + ":ro");
	}

	@Test
	void prometheusScrapesEveryServiceOnItsManagementPort() throws IOException {
		String config = Files.readString(ROOT.resolve("infra/prometheus/prometheus.yml"));
		for (String target : List.of("gateway-1:8180", "gateway-2:8180", "account-service:8181", "chat-service:8182",
				"persistence-service:8183")) {
			assertThat(config).contains(target);
		}
		for (String name : SPRING_SERVICES) {
			assertThat(declaredManagementPort(module(name))).as("management port of " + name)
				.isNotNull()
				.isNotEqualTo(declaredPort(module(name)));
		}
	}

	private String module(String service) {
		return image(service).replaceFirst("^roomcast/", "").replaceFirst(":.*$", "");
	}

	private String declaredPort(String module) {
		try {
			return declaredValues(module).get("server.port");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String declaredManagementPort(String module) {
		try {
			return declaredValues(module).get("management.server.port");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String healthcheck(String service) {
		@SuppressWarnings("unchecked")
		Map<String, Object> healthcheck = (Map<String, Object>) this.services.get(service).get("healthcheck");
		assertThat(healthcheck).as("healthcheck of " + service).isNotNull();
		return String.join(" ", strings(healthcheck.get("test")));
	}

	@SuppressWarnings("unchecked")
	private Map<String, String> dependsOn(String service) {
		Object dependsOn = this.services.get(service).getOrDefault("depends_on", Map.of());
		assertThat(dependsOn).as("depends_on of " + service + " names a condition per service").isInstanceOf(Map.class);
		Map<String, String> conditions = new LinkedHashMap<>();
		((Map<String, Map<String, Object>>) dependsOn)
			.forEach((name, settings) -> conditions.put(name, String.valueOf(settings.get("condition"))));
		return conditions;
	}

	private List<String> ports(String service) {
		return strings(this.services.get(service).getOrDefault("ports", List.of()));
	}

	private List<String> volumeMounts(String service) {
		return strings(this.services.get(service).getOrDefault("volumes", List.of()));
	}

	/** Named volumes (not bind mounts) of a service: volume name to mount point. */
	private Map<String, String> namedVolumeMounts(String service) {
		Map<String, String> mounts = new LinkedHashMap<>();
		for (String volume : volumeMounts(service)) {
			String[] parts = volume.split(":");
			if (!parts[0].startsWith(".") && !parts[0].startsWith("/")) {
				mounts.put(parts[0], parts[1]);
			}
		}
		return mounts;
	}

	/**
	 * The value after an option in a service's command, as "--opt value" or
	 * "--opt=value".
	 */
	private String optionValue(String service, String option) {
		List<String> command = strings(this.services.get(service).get("command"));
		for (int i = 0; i < command.size(); i++) {
			if (command.get(i).equals(option) && i + 1 < command.size()) {
				return command.get(i + 1);
			}
			if (command.get(i).startsWith(option + "=")) {
				return command.get(i).substring(option.length() + 1);
			}
		}
		throw new AssertionError(service + "'s command does not set " + option + ": " + command);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> volumes() {
		try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
			Map<String, Object> compose = yaml().load(reader);
			return (Map<String, Object>) compose.get("volumes");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> strings(Object value) {
		if (value == null) {
			return List.of();
		}
		if (value instanceof List<?> list) {
			return list.stream().map(String::valueOf).toList();
		}
		return List.of(value.toString());
	}

	private static long jvmOption(String options, String option) {
		for (String part : options.split("\\s+")) {
			if (part.startsWith(option)) {
				return bytes(part.substring(option.length()));
			}
		}
		throw new AssertionError("JVM options do not set " + option + ": " + options);
	}

	private static long bytes(String size) {
		String value = size.strip().toLowerCase(Locale.ROOT);
		long unit = switch (value.charAt(value.length() - 1)) {
			case 'k' -> 1024L;
			case 'm' -> mebibytes(1);
			case 'g' -> mebibytes(1024);
			default -> 1L;
		};
		String digits = (unit == 1L) ? value : value.substring(0, value.length() - 1);
		return Long.parseLong(digits) * unit;
	}

	private static long mebibytes(long count) {
		return count * 1024 * 1024;
	}

	private static long seconds(String duration) {
		String value = duration.strip();
		if (value.endsWith("ms")) {
			return Long.parseLong(value.substring(0, value.length() - 2)) / 1000;
		}
		if (value.endsWith("m")) {
			return Long.parseLong(value.substring(0, value.length() - 1)) * 60;
		}
		return Long.parseLong(value.replaceFirst("s$", ""));
	}

	private String image(String service) {
		return this.services.get(service).get("image").toString();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> environment(String service) {
		return (Map<String, Object>) this.services.get(service).getOrDefault("environment", Map.of());
	}

	private static Set<String> declaredProperties(String module) throws IOException {
		Set<String> names = new HashSet<>();
		try (Reader reader = Files
			.newBufferedReader(ROOT.resolve(module).resolve("src/main/resources/application.yml"))) {
			for (Object document : yaml().loadAll(reader)) {
				if (document instanceof Map<?, ?> map) {
					flatten("", map, names);
				}
			}
		}
		return names;
	}

	/** The first document of a module's application.yml, flattened to dotted names. */
	private static Map<String, String> declaredValues(String module) throws IOException {
		Map<String, String> values = new LinkedHashMap<>();
		try (Reader reader = Files
			.newBufferedReader(ROOT.resolve(module).resolve("src/main/resources/application.yml"))) {
			Object document = yaml().loadAll(reader).iterator().next();
			flattenValues("", (Map<?, ?>) document, values);
		}
		return values;
	}

	private static void flattenValues(String prefix, Map<?, ?> map, Map<String, String> values) {
		map.forEach((key, value) -> {
			String name = prefix.isEmpty() ? key.toString() : prefix + "." + key;
			if (value instanceof Map<?, ?> child) {
				flattenValues(name, child, values);
			}
			else {
				values.put(name, String.valueOf(value));
			}
		});
	}

	private static void flatten(String prefix, Map<?, ?> map, Set<String> names) {
		map.forEach((key, value) -> {
			String name = prefix.isEmpty() ? key.toString() : prefix + "." + key;
			if (value instanceof Map<?, ?> child) {
				flatten(name, child, names);
			}
			else {
				names.add(relaxed(name));
			}
		});
	}

	/** Spring's relaxed binding: case, dashes, dots and underscores do not matter. */
	private static String relaxed(String name) {
		return name.replaceAll("[-._]", "").toLowerCase(Locale.ROOT);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> services() {
		try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
			Map<String, Object> compose = yaml().load(reader);
			return new LinkedHashMap<>((Map<String, Map<String, Object>>) compose.get("services"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Yaml yaml() {
		LoaderOptions options = new LoaderOptions();
		options.setMaxAliasesForCollections(100);
		return new Yaml(options);
	}

}
