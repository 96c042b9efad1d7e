package dev.roomcast.infra.launcher;

import dev.roomcast.infra.server.InfraPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./run.sh --monitoring} scrapes the run command's services with compose's config.
 */
class LocalMonitoringTests {

	@Test
	void scrapesTheRunCommandsPortsWithComposesConfigAndRules(@TempDir Path home) throws Exception {
		Path config = LocalMonitoring.writeConfig(home, InfraPaths.root());
		String text = Files.readString(config);
		for (RoomcastService service : RoomcastService.values()) {
			assertThat(text).contains("targets: [\"127.0.0.1:" + service.defaultManagementPort() + "\"]");
			assertThat(text).doesNotContain(service.module() + ":").doesNotContain(service.module() + "-1:");
		}
		assertThat(text).contains("job_name: gateway", "metrics_path: /actuator/prometheus",
				InfraPaths.root().resolve("infra/prometheus/alerts.yml").toString());
		// promtool is there where the rule tests run (PromtoolRuleTests fails without it)
		if (LocalMonitoring.onPath("promtool").isPresent()) {
			Process check = new ProcessBuilder("promtool", "check", "config", config.toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(check.exitValue()).as(output).isZero();
		}
	}

}
