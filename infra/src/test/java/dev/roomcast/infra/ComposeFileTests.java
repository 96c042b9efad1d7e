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
 * catalogue, and Prometheus scraping every service.
 */
class ComposeFileTests {

	private static final Path ROOT = InfraPaths.root();

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
			String module = image(name).replaceFirst("^roomcast/", "").replaceFirst(":.*$", "");
			Set<String> declared = declaredProperties(module);
			Map<String, Object> environment = environment(name);
			assertThat(environment).as("environment of " + name).isNotEmpty();
			for (String variable : environment.keySet()) {
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

	@Test
	void prometheusScrapesEveryService() throws IOException {
		String config = Files.readString(ROOT.resolve("infra/prometheus/prometheus.yml"));
		for (String target : List.of("gateway-1:8080", "gateway-2:8080", "account-service:8081", "chat-service:8082",
				"persistence-service:8083")) {
			assertThat(config).contains(target);
		}
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
