package dev.roomcast.testsupport.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.roomcast.infra.server.InfraPaths;
import dev.roomcast.infra.server.LocalInfrastructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real servers of one test JVM: started once, on free ports and in a fresh folder, on
 * first use, shared by every test in the JVM and stopped when it exits. A service's
 * integration tests reach them through
 * {@link dev.roomcast.testsupport.integration.RoomcastIntegrationTest}; other tests call
 * {@link #shared()}.
 */
public final class TestInfrastructure {

	private static final Logger logger = LoggerFactory.getLogger(TestInfrastructure.class);

	private static LocalInfrastructure shared;

	private TestInfrastructure() {
	}

	/**
	 * The shared servers, started on first call.
	 * @return the running infrastructure
	 */
	public static synchronized LocalInfrastructure shared() {
		if (shared == null) {
			Path dataDir = createDataDir();
			LocalInfrastructure infra = LocalInfrastructure.start(LocalInfrastructure.Settings.freePorts(dataDir));
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				infra.close();
				deleteRecursively(dataDir);
			}, "stop-test-servers"));
			logger.info("Test servers ready in {}: {}", dataDir, infra.timings());
			shared = infra;
		}
		return shared;
	}

	/**
	 * A fresh, empty folder under the shared servers' data folder, deleted with it when
	 * the JVM exits.
	 * @param prefix the start of the folder's name
	 * @return the folder
	 */
	public static Path newFolder(String prefix) {
		try {
			return Files.createTempDirectory(shared().settings().dataDir(), prefix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path createDataDir() {
		try {
			Path base = InfraPaths.root().resolve("target");
			Files.createDirectories(base);
			return Files.createTempDirectory(base, "test-servers-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Deletes a folder of test data and everything in it, as far as it can.
	 * @param dir the folder
	 */
	public static void deleteRecursively(Path dir) {
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// best effort
		}
	}

}
