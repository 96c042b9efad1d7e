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
import java.time.Duration;
import java.util.List;

/**
 * A real Redis: {@code redis-server} from the PATH when there is one, else the binary
 * shipped inside {@code com.github.codemonstur:embedded-redis}. Runs in the foreground as
 * a child, so stopping the starter stops it.
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
		if (Ports.isAnswering(port)) {
			if (!answersPing(port)) {
				throw new IllegalStateException("Port " + port + " is in use by something that is not Redis; "
						+ "stop it or choose another Redis port");
			}
			return null;
		}
		try {
			Path dir = dataDir.resolve("redis");
			Files.createDirectories(dir);
			List<String> command = List.of(binary(dir).toString(), "--port", Integer.toString(port), "--bind",
					"127.0.0.1", "--dir", dir.toString(), "--save", "60 1", "--appendonly", "no", "--daemonize", "no");
			ServerProcess process = ServerProcess.start("Redis on port " + port, command, dir,
					dir.resolve("redis.log"));
			process.awaitReady(() -> answersPing(port), Duration.ofSeconds(30));
			return process;
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
		Path extracted = dir.resolve("redis-server-6.2.6");
		if (!Files.isExecutable(extracted)) {
			try (InputStream in = RedisServerLauncher.class.getResourceAsStream("/redis-server-6.2.6-v5-linux-amd64")) {
				if (in == null) {
					throw new IllegalStateException(
							"No redis-server on the PATH and no embedded binary for this platform; install redis-server");
				}
				Files.copy(in, extracted);
			}
			extracted.toFile().setExecutable(true);
		}
		return extracted;
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
