package dev.roomcast.gateway.realtime;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket, for what a library client will not do: read the
 * answer of a refused handshake, or stop reading altogether while the server goes on
 * writing (a small receive buffer makes that show at once).
 */
final class RawWebSocket implements AutoCloseable {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	final int status;

	final String response;

	private RawWebSocket(Socket socket, int status, String response) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
		this.status = status;
		this.response = response;
	}

	/**
	 * Sends the handshake and reads the answer's head (and, when refused, its body).
	 * @param receiveBuffer the socket's receive buffer size, 0 for the default
	 */
	static RawWebSocket open(int port, String cookie, String origin, int receiveBuffer) throws IOException {
		return open(port, cookie, origin, receiveBuffer, "");
	}

	/**
	 * Sends the handshake with further headers and reads the answer's head (and, when
	 * refused, its body).
	 * @param receiveBuffer the socket's receive buffer size, 0 for the default
	 * @param headers further header lines, each ending in CRLF
	 */
	static RawWebSocket open(int port, String cookie, String origin, int receiveBuffer, String headers)
			throws IOException {
		Socket socket = new Socket();
		if (receiveBuffer > 0) {
			socket.setReceiveBufferSize(receiveBuffer);
		}
		socket.connect(new InetSocketAddress("localhost", port), 10_000);
		socket.setSoTimeout(30_000);
		byte[] key = new byte[16];
		RANDOM.nextBytes(key);
		String request = "GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
				+ "\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\nCookie: " + cookie + "\r\n" + headers
				+ "\r\n";
		socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			head.write(b);
		}
		String text = head.toString(StandardCharsets.ISO_8859_1);
		int status = Integer.parseInt(text.substring(9, 12));
		if (status != 101) {
			String length = header(text, "content-length");
			if (length != null) {
				text += new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
			}
		}
		return new RawWebSocket(socket, status, text);
	}

	private static String header(String head, String name) {
		for (String line : head.split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
				return line.substring(colon + 1).trim();
			}
		}
		return null;
	}

	/** Sends one text frame (masked, as clients must). */
	void send(String text) throws IOException {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(0x81);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xff);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) ((long) payload.length >>> shift) & 0xff);
			}
		}
		byte[] mask = new byte[4];
		RANDOM.nextBytes(mask);
		frame.write(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		this.out.write(frame.toByteArray());
		this.out.flush();
	}

	/**
	 * Reads text messages until a STOMP frame in one starts with the command (a message
	 * may carry several frames, each ended by a NUL); returns that frame.
	 */
	String readUntil(String command) throws IOException {
		while (true) {
			int first = this.in.readUnsignedByte();
			int second = this.in.readUnsignedByte();
			long length = second & 0x7f;
			if (length == 126) {
				length = this.in.readUnsignedShort();
			}
			else if (length == 127) {
				length = this.in.readLong();
			}
			byte[] payload = this.in.readNBytes((int) length);
			if ((first & 0x0f) == 0x8) {
				throw new IOException("Closed by the server: " + new String(payload, StandardCharsets.UTF_8));
			}
			for (String frame : new String(payload, StandardCharsets.UTF_8).split("\0")) {
				if (frame.stripLeading().startsWith(command)) {
					return frame.stripLeading();
				}
			}
		}
	}

	/**
	 * CONNECT with the CSRF token, then SUBSCRIBE to a destination, up to its RECEIPT.
	 */
	void connectAndSubscribe(String maskedCsrf, String destination) throws IOException {
		send("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nX-XSRF-TOKEN:" + maskedCsrf + "\n\n\0");
		readUntil("CONNECTED");
		send("SUBSCRIBE\nid:sub-0\ndestination:" + destination + "\nreceipt:r-0\n\n\0");
		readUntil("RECEIPT");
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
