package dev.roomcast.infra.launcher;

import dev.roomcast.infra.server.InfraPaths;
import dev.roomcast.infra.server.Ports;
import dev.roomcast.infra.server.ServerProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ./run.sh --monitoring}: a local Prometheus (Debian's {@code prometheus} package)
 * with compose's scrape config and alert rules, its targets rewritten to the run
 * command's ports, so the alerts can be tried on this machine. It listens on 127.0.0.1
 * only.
 */
public final class LocalMonitoring {

	/** Prometheus' port, as in docker-compose.yml. */
	public static final int PORT = 9090;

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private LocalMonitoring() {
	}

	/**
	 * Writes the local configuration and starts Prometheus on it.
	 * @param dataDir the run command's data folder ({@code .data})
	 * @param logDir where its log goes
	 * @return the running Prometheus
	 */
	public static ServerProcess start(Path dataDir, Path logDir) {
		Path prometheus = onPath("prometheus")
			.orElseThrow(() -> new IllegalStateException("--monitoring needs Prometheus on the PATH: install Debian's "
					+ "prometheus package (apt-get install prometheus) or Prometheus' release archive"));
		if (Ports.isAnswering(PORT)) {
			throw new IllegalStateException("Port " + PORT + " for Prometheus is already in use; stop it first");
		}
		Path home = dataDir.resolve("prometheus");
		Path config = writeConfig(home, InfraPaths.root());
		List<String> command = List.of(prometheus.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + PORT);
		return ServerProcess.start("prometheus on port " + PORT, command, home, logDir.resolve("prometheus.log"))
			.awaitReady(LocalMonitoring::isReady, Duration.ofSeconds(60));
	}

	/**
	 * The compose scrape config (infra/prometheus/prometheus.yml) for the run command:
	 * each compose target becomes 127.0.0.1 and the service's management port, the rule
	 * file its path here.
	 * @param home the folder to write {@code prometheus.yml} into
	 * @param root the checkout
	 * @return the written file
	 */
	static Path writeConfig(Path home, Path root) {
		try {
			String config = Files.readString(root.resolve("infra/prometheus/prometheus.yml"));
			for (RoomcastService service : RoomcastService.values()) {
				String local = "\"127.0.0.1:" + service.defaultManagementPort() + "\"";
				config = config.replaceAll(
						"\"" + service.module() + "(-\\d+)?:\\d+\"(, \"" + service.module() + "(-\\d+)?:\\d+\")*",
						local);
			}
			config = config.replace("/etc/prometheus/alerts.yml",
					root.resolve("infra/prometheus/alerts.yml").toAbsolutePath().toString());
			Files.createDirectories(home);
			Path file = home.resolve("prometheus.yml");
			Files.writeString(file,
					"# Written by ./run.sh --monitoring from infra/prometheus/prometheus.yml\n" + config,
					StandardCharsets.UTF_8);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Optional<Path> onPath(String program) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.filter((dir) -> !dir.isBlank())
			.map((dir) -> Path.of(dir, program))
			.filter(Files::isExecutable)
			.findFirst();
	}

	private static boolean isReady() {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/-/ready"))
			.timeout(Duration.ofSeconds(5))
			.build();
		try {
			return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
