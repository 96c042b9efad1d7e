package dev.roomcast.infra.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Loopback port checks. */
public final class Ports {

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
	 * A port nobody listens on right now.
	 * @return the port
	 */
	public static int free() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port on this machine", ex);
		}
	}

}
