package dev.roomcast.infra.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A real Redis: {@code redis-server} from the PATH when there is one, else the binary
 * {@code com.github.codemonstur:embedded-redis} ships for this platform (Linux amd64,
 * arm64 and x86, macOS amd64 and arm64, Windows amd64); elsewhere it says what to
 * install. Runs in the foreground as a child, so stopping the starter stops it.
 */
final class RedisServerLauncher {

	private RedisServerLauncher() {
	}

	/**
	 * Starts Redis, or reuses the one already answering on the port.
	 * @param dataDir where its files live
	 * @param port the port
	 * @return the process, or {@code null} when an existing Redis was reused
	 */
	static ServerProcess startOrReuse(Path dataDir, int port) {
		if (Ports.answeredBy(port, "Redis", () -> answersPing(port))) {
			return null;
		}
		try {
			Path dir = dataDir.resolve("redis");
			Files.createDirectories(dir);
			List<String> command = List.of(binary(dir).toString(), "--port", Integer.toString(port), "--bind",
					"127.0.0.1", "--dir", dir.toString(), "--save", "60 1", "--appendonly", "no", "--daemonize", "no");
			return ServerProcess.start("Redis on port " + port, command, dir, dir.resolve("redis.log"))
				.awaitReady(() -> answersPing(port), Duration.ofSeconds(30));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path binary(Path dir) throws IOException {
		for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			Path candidate = Path.of(entry, "redis-server");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		String os = System.getProperty("os.name");
		String arch = System.getProperty("os.arch");
		String resource = embeddedBinary(os, arch)
			.orElseThrow(() -> new IllegalStateException(missingMessage(os, arch)));
		Path extracted = dir.resolve(resource);
		if (!Files.isExecutable(extracted)) {
			try (InputStream in = RedisServerLauncher.class.getResourceAsStream("/" + resource)) {
				if (in == null) {
					throw new IllegalStateException(missingMessage(os, arch));
				}
				Path partial = dir.resolve(resource + ".part");
				Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
				partial.toFile().setExecutable(true);
				Files.move(partial, extracted, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		return extracted;
	}

	/**
	 * The binary {@code embedded-redis} ships for a platform.
	 * @param osName the {@code os.name} system property
	 * @param osArch the {@code os.arch} system property
	 * @return the resource name inside the embedded-redis jar, or empty when it ships
	 * none for this platform
	 */
	static Optional<String> embeddedBinary(String osName, String osArch) {
		String os = osName.toLowerCase(Locale.ROOT);
		String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
			case "amd64", "x86_64" -> "amd64";
			case "aarch64", "arm64" -> "arm64";
			case "x86", "i386", "i486", "i586", "i686" -> "386";
			default -> "other";
		};
		if (os.startsWith("linux")) {
			return switch (arch) {
				case "amd64" -> Optional.of("redis-server-6.2.6-v5-linux-amd64");
				case "arm64" -> Optional.of("redis-server-6.2.7-linux-arm64");
				case "386" -> Optional.of("redis-server-6.2.7-linux-386");
				default -> Optional.empty();
			};
		}
		if (os.startsWith("mac") || os.startsWith("darwin")) {
			return switch (arch) {
				case "amd64" -> Optional.of("redis-server-6.2.6-v5-darwin-amd64");
				case "arm64" -> Optional.of("redis-server-6.2.6-v5-darwin-arm64");
				default -> Optional.empty();
			};
		}
		if (os.startsWith("windows") && arch.equals("amd64")) {
			return Optional.of("redis-server-5.0.14.1-windows-amd64.exe");
		}
		return Optional.empty();
	}

	static String missingMessage(String osName, String osArch) {
		return "No redis-server on the PATH and no embedded Redis binary for " + osName + "/" + osArch
				+ ": install Redis (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) "
				+ "and try again";
	}

	static boolean answersPing(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			byte[] reply = new byte[7];
			int read = socket.getInputStream().read(reply);
			return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

}
