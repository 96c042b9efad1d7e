package dev.roomcast.testsupport.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import dev.roomcast.infra.server.InfraPaths;
import dev.roomcast.infra.server.LocalInfrastructure;

/**
 * The real servers of one test JVM: started once, on free ports and in a fresh folder, on
 * first use, shared by every test in the JVM and stopped when it exits.
 *
 * <pre>
 * &#64;DynamicPropertySource
 * static void servers(DynamicPropertyRegistry registry) {
 *     TestInfrastructure.register("accounts", registry::add);
 * }
 * </pre>
 */
public final class TestInfrastructure {

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
			shared = infra;
		}
		return shared;
	}

	/**
	 * Hands the properties that point a Spring Boot service at the shared servers to a
	 * registry, such as {@code DynamicPropertyRegistry::add}.
	 * @param database the MongoDB database of the service under test
	 * @param registry takes each property name and a supplier of its value
	 */
	public static void register(String database, BiConsumer<String, java.util.function.Supplier<Object>> registry) {
		Map<String, String> properties = shared().springProperties(database);
		properties.forEach((name, value) -> registry.accept(name, () -> value));
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
