package dev.roomcast.infra.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/** Loopback port checks. */
public final class Ports {

	private static final int LOWEST = 20000;

	private static final int HIGHEST = 32000;

	private Ports() {
	}

	/**
	 * Whether something accepts connections on a loopback port.
	 * @param port the port
	 * @return whether a TCP connect succeeds within 300 ms
	 */
	public static boolean isAnswering(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Whether a server of the kind wanted already answers on a port, so that it is reused
	 * instead of started.
	 * @param port the server's port
	 * @param kind what it is ({@code "Kafka"}, {@code "Redis"}), for the message
	 * @param isKind asks whatever answers whether it is that kind of server
	 * @return {@code true} when such a server answers, {@code false} when the port is
	 * free
	 * @throws IllegalStateException when something else holds the port
	 */
	static boolean answeredBy(int port, String kind, BooleanSupplier isKind) {
		if (!isAnswering(port)) {
			return false;
		}
		if (!isKind.getAsBoolean()) {
			throw new IllegalStateException("Port " + port + " is in use by something that is not " + kind
					+ "; stop it or choose another " + kind + " port");
		}
		return true;
	}

	/**
	 * A port nobody listens on right now, chosen at random below the kernel's ephemeral
	 * range (32768 and up on Linux): a port the kernel handed out (port 0) may be taken
	 * as the source port of an outgoing connection before the server that is to listen on
	 * it binds it, which made servers of busy test runs fail with "Address already in
	 * use".
	 * @return the port
	 */
	public static int free() {
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST + 1);
			try (ServerSocket socket = new ServerSocket(port)) {
				return port;
			}
			catch (IOException ex) {
				// taken: try another
			}
		}
		throw new UncheckedIOException(new IOException("No free port between " + LOWEST + " and " + HIGHEST));
	}

}
