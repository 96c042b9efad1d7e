package dev.roomcast.infra;

import dev.roomcast.infra.server.InfraPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's two commands are the ones the project runs: CI runs the test command
 * exactly as the README writes it, and both are executable scripts in the checkout.
 */
class ReadmeCommandsTests {

	private static final Path ROOT = InfraPaths.root();

	@Test
	void ciRunsTheReadmesTestCommandAsWritten() throws IOException {
		List<String> commands = readmeCommands();
		assertThat(commands).hasSize(2);
		String testCommand = commands.get(1);
		List<String> ciLines = Files.readAllLines(ROOT.resolve(".ci/run"))
			.stream()
			.map(String::trim)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(ciLines).last().isEqualTo(testCommand);
	}

	@Test
	void theReadmesCommandsAreExecutableScripts() throws IOException {
		for (String command : readmeCommands()) {
			Path script = ROOT.resolve(command.split(" ")[0]);
			assertThat(script).as(command).isRegularFile();
			assertThat(Files.isExecutable(script)).as(command + " is executable").isTrue();
		}
	}

	@Test
	void theTestScriptInstallsWhatTheTestsNeedThenRunsTheBuild() throws IOException {
		String script = Files.readString(ROOT.resolve("test.sh"));
		assertThat(script).contains("redis-server", "chromium-driver", "prometheus", "DEBIAN_FRONTEND=noninteractive")
			.contains("./mvnw verify \"$@\"");
	}

	/** The commands of the README's "The two commands" section: run, then test. */
	private static List<String> readmeCommands() throws IOException {
		String readme = Files.readString(ROOT.resolve("README.md"));
		String section = readme.substring(readme.indexOf("## The two commands"));
		section = section.substring(0, section.indexOf("\n## ", 3));
		Matcher block = Pattern.compile("```bash\n(.*?)\n```", Pattern.DOTALL).matcher(section);
		List<String> commands = new ArrayList<>();
		while (block.find()) {
			commands.add(block.group(1).trim());
		}
		return commands;
	}

}
