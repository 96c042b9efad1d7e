package dev.roomcast.infra;

import dev.roomcast.infra.server.InfraPaths;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The alert rules, checked and unit-tested by Prometheus' own {@code promtool} (Debian's
 * {@code prometheus} package; {@code .ci/run} installs it): every alert fires on the
 * series it is for and stays quiet on healthy ones (infra/prometheus/tests/).
 */
class PromtoolRuleTests {

	private static final Path PROMETHEUS = InfraPaths.root().resolve("infra/prometheus");

	@Test
	void theAlertRulesAreValid() throws Exception {
		assertPasses(List.of(promtool(), "check", "rules", PROMETHEUS.resolve("alerts.yml").toString()));
	}

	@Test
	void everyAlertPassesItsRuleTests() throws Exception {
		List<String> command = new ArrayList<>(List.of(promtool(), "test", "rules"));
		try (Stream<Path> files = Files.list(PROMETHEUS.resolve("tests"))) {
			files.filter((file) -> file.toString().endsWith(".yml"))
				.sorted()
				.forEach((file) -> command.add(file.toString()));
		}
		assertThat(command).hasSizeGreaterThan(3);
		assertPasses(command);
	}

	@Test
	void everyAlertHasARuleTest() throws IOException {
		String rules = Files.readString(PROMETHEUS.resolve("alerts.yml"));
		StringBuilder tests = new StringBuilder();
		try (Stream<Path> files = Files.list(PROMETHEUS.resolve("tests"))) {
			for (Path file : files.toList()) {
				tests.append(Files.readString(file));
			}
		}
		List<String> alerts = rules.lines()
			.map(String::strip)
			.filter((line) -> line.startsWith("- alert:"))
			.map((line) -> line.substring("- alert:".length()).strip())
			.toList();
		assertThat(alerts).isNotEmpty();
		for (String alert : alerts) {
			assertThat(tests).as("a rule test of " + alert).contains("alertname: " + alert + "\n");
		}
	}

	private static void assertPasses(List<String> command) throws Exception {
		Process process = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
	}

	private static String promtool() {
		Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.filter((dir) -> !dir.isBlank())
			.map((dir) -> Path.of(dir, "promtool"))
			.filter(Files::isExecutable)
			.findFirst();
		if (found.isEmpty()) {
			fail("promtool is not on the PATH: the alert rule tests need it. Install Debian's prometheus package "
					+ "(apt-get install -y prometheus) or Prometheus' release archive, which has promtool.");
		}
		return found.get().toString();
	}

}
