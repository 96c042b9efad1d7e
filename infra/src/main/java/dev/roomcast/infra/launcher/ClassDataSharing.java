package dev.roomcast.infra.launcher;

import dev.roomcast.infra.server.InfraPaths;
import dev.roomcast.infra.server.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Class-data sharing for the services the run command starts, which cuts the CPU each
 * start spends reading and verifying classes (eight JVMs start on two cores). A service's
 * executable jar is extracted once per build with Spring Boot's {@code jarmode=tools}
 * (the application jar and its libraries as plain jars: a CDS archive can only cover
 * classes from jar files). On Java 19 and later the JVM keeps the archive itself
 * ({@code -XX:+AutoCreateSharedArchive}). On Java 17 the first run after a build records
 * the classes it loaded into an archive when the service stops
 * ({@code -XX:ArchiveClassesAtExit}); the launcher keeps that archive only if the service
 * stopped by itself, and later runs map it ({@code -XX:SharedArchiveFile}). Only class
 * loading changes: compilation and the collector are the same as without it.
 */
final class ClassDataSharing {

	private static final boolean AUTO_ARCHIVE = Runtime.version().feature() >= 19;

	private ClassDataSharing() {
	}

	/**
	 * The JVM options that run a service from its extracted jar with its class archive,
	 * extracting it first when the build changed the executable jar.
	 * @param service the service
	 * @return the options, ending with {@code -jar <extracted jar>}
	 */
	static List<String> jarOptions(RoomcastService service) {
		Path dir = dir(service);
		Path extracted = extract(service, dir);
		List<String> options = new ArrayList<>();
		Path archive = dir.resolve("classes.jsa");
		if (AUTO_ARCHIVE) {
			options.add("-XX:+AutoCreateSharedArchive");
			options.add("-XX:SharedArchiveFile=" + archive);
		}
		else if (Files.isRegularFile(archive)) {
			options.add("-XX:SharedArchiveFile=" + archive);
		}
		else {
			options.add("-XX:ArchiveClassesAtExit=" + recording(service));
		}
		// the classes an archive cannot hold are listed at every dump: noise in the
		// service's log
		options.add("-Xlog:cds=off,cds+dynamic=off");
		options.add("-jar");
		options.add(extracted.toString());
		return options;
	}

	/**
	 * Keeps the archive a stopped service recorded, or drops it when the service did not
	 * stop by itself (an archive cut short would only be refused at the next start).
	 * @param service the service
	 * @param exitCode how its JVM ended: 143 after SIGTERM, 137 when it was killed
	 */
	static void keepArchive(RoomcastService service, int exitCode) {
		Path recording = recording(service);
		try {
			if (Files.isRegularFile(recording) && Files.size(recording) > 0 && exitCode != 137) {
				Files.move(recording, dir(service).resolve("classes.jsa"), StandardCopyOption.REPLACE_EXISTING);
			}
			else {
				Files.deleteIfExists(recording);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether this start records an archive at exit, which then needs time to write.
	 * @param service the service
	 * @return whether it records
	 */
	static boolean records(RoomcastService service) {
		return !AUTO_ARCHIVE && !Files.isRegularFile(dir(service).resolve("classes.jsa"));
	}

	/**
	 * What this start did with the service's archive, for the start-up report.
	 * @param service the service
	 * @return a short description
	 */
	static String state(RoomcastService service) {
		if (AUTO_ARCHIVE) {
			return "class-data sharing (archive kept by the JVM)";
		}
		return Files.isRegularFile(dir(service).resolve("classes.jsa")) ? "class-data sharing archive used"
				: "no class archive yet: recording one for the next start";
	}

	private static Path recording(RoomcastService service) {
		return dir(service).resolve("classes.jsa.new");
	}

	private static Path dir(RoomcastService service) {
		return InfraPaths.root().resolve(service.module()).resolve("target").resolve("run");
	}

	private static Path extract(RoomcastService service, Path dir) {
		Path jar = service.jar();
		Path app = dir.resolve("app");
		Path extracted = app.resolve(jar.getFileName());
		Path source = dir.resolve("extracted-from");
		try {
			String built = jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
			if (Files.isRegularFile(extracted) && Files.isRegularFile(source)
					&& Files.readString(source).equals(built)) {
				return extracted;
			}
			// a new build: its classes differ from those the archive holds
			Files.createDirectories(dir);
			Files.deleteIfExists(source);
			Files.deleteIfExists(dir.resolve("classes.jsa"));
			Files.deleteIfExists(recording(service));
			deleteTree(app);
			List<String> command = List.of(InfraPaths.java(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
					"--destination", app.toString());
			try (ServerProcess step = ServerProcess.start("Extracting " + jar.getFileName(), command, dir,
					dir.resolve("extract.log"))) {
				step.awaitExit(Duration.ofSeconds(120));
			}
			Files.writeString(source, built);
			return extracted;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not extract " + jar, ex);
		}
	}

	private static void deleteTree(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
