package dev.roomcast.infra.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.roomcast.infra.server.InfraPaths;
import dev.roomcast.infra.server.LocalInfrastructure;
import dev.roomcast.infra.server.Ports;
import dev.roomcast.infra.server.ServerProcess;

/**
 * Starts a service from its executable jar as its own process, pointed at the local
 * infrastructure, and waits until {@code /actuator/health} on its management port says
 * UP. Actuator listens on loopback only, and so do the internal services: only the
 * gateway is an entry point. Used by the run command and by the system tests (which also
 * kill services to prove crash safety).
 */
public final class ServiceLauncher {

	private static final String LOOPBACK = "127.0.0.1";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private ServiceLauncher() {
	}

	/**
	 * Starts a service and waits until it is healthy.
	 * @param service which service
	 * @param port its HTTP port
	 * @param managementPort its actuator port
	 * @param infra the servers it uses
	 * @param logDir where its log goes
	 * @param properties further Spring properties, such as other services' URLs
	 * @return the running service
	 */
	public static ServerProcess start(RoomcastService service, int port, int managementPort, LocalInfrastructure infra,
			Path logDir, Map<String, String> properties) {
		return start(service, port, managementPort, infra, logDir, properties, false);
	}

	/**
	 * Starts a service and waits until it is healthy, optionally from its extracted jar
	 * with a class-data sharing archive ({@link ClassDataSharing}), as the run command
	 * does. The wait is {@code roomcast.service.start-timeout} seconds (default 180).
	 * @param service which service
	 * @param port its HTTP port
	 * @param managementPort its actuator port
	 * @param infra the servers it uses
	 * @param logDir where its log goes
	 * @param properties further Spring properties, such as other services' URLs
	 * @param classDataSharing whether to run it with class-data sharing
	 * @return the running service
	 */
	public static ServerProcess start(RoomcastService service, int port, int managementPort, LocalInfrastructure infra,
			Path logDir, Map<String, String> properties, boolean classDataSharing) {
		Map<String, String> all = new LinkedHashMap<>(infra.springProperties(service.database()));
		all.putAll(properties);
		return start(service, port, managementPort, all, logDir, classDataSharing, defaultHeap());
	}

	/**
	 * Starts a service with a heap of its own, such as a gateway that must refuse
	 * connections before its memory runs out, and waits until it is healthy.
	 * @param service which service
	 * @param port its HTTP port
	 * @param managementPort its actuator port
	 * @param infra the servers it uses
	 * @param logDir where its log goes
	 * @param properties further Spring properties
	 * @param heap the maximum heap, as {@code -Xmx} takes it ({@code 128m})
	 * @return the running service
	 */
	public static ServerProcess startWithHeap(RoomcastService service, int port, int managementPort,
			LocalInfrastructure infra, Path logDir, Map<String, String> properties, String heap) {
		Map<String, String> all = new LinkedHashMap<>(infra.springProperties(service.database()));
		all.putAll(properties);
		return start(service, port, managementPort, all, logDir, false, heap);
	}

	/**
	 * Starts a service on servers given by their Spring properties (such as containers'
	 * connection details) and waits until it is healthy.
	 * @param service which service
	 * @param port its HTTP port
	 * @param managementPort its actuator port
	 * @param properties every Spring property it needs besides its port: the servers',
	 * other services' URLs
	 * @param logDir where its log goes
	 * @return the running service
	 */
	public static ServerProcess start(RoomcastService service, int port, int managementPort,
			Map<String, String> properties, Path logDir) {
		return start(service, port, managementPort, properties, logDir, false, defaultHeap());
	}

	private static String defaultHeap() {
		return System.getProperty("roomcast.service.heap", "512m");
	}

	private static ServerProcess start(RoomcastService service, int port, int managementPort,
			Map<String, String> properties, Path logDir, boolean classDataSharing, String heap) {
		for (int used : new int[] { port, managementPort }) {
			if (Ports.isAnswering(used)) {
				throw new IllegalStateException("Port " + used + " for " + service.module() + " is already in use");
			}
		}
		Map<String, String> all = new LinkedHashMap<>(properties);
		all.put("server.port", Integer.toString(port));
		if (service != RoomcastService.GATEWAY) {
			all.put("server.address", LOOPBACK);
		}
		all.put("management.server.port", Integer.toString(managementPort));
		all.put("management.server.address", LOOPBACK);
		List<String> command = new ArrayList<>(List.of(InfraPaths.java(), "-Xmx" + heap));
		command.addAll(InfraPaths.gcOptions(service.module(), service.gcOptions()));
		command.addAll(InfraPaths.jitOptions(service.module(), service.jitOptions()));
		command.addAll(
				classDataSharing ? ClassDataSharing.jarOptions(service) : List.of("-jar", service.jar().toString()));
		all.forEach((name, value) -> command.add("--" + name + "=" + value));
		String label = service.module() + " on port " + port;
		return ServerProcess
			.start(label, command, InfraPaths.root(), logDir.resolve(service.module() + "-" + port + ".log"))
			.awaitReady(() -> isHealthy(managementPort),
					Duration.ofSeconds(Long.getLong("roomcast.service.start-timeout", 180)));
	}

	/**
	 * Whether a service answers UP on its health endpoint.
	 * @param managementPort its actuator port
	 * @return whether {@code GET /actuator/health} returned 200 with status UP
	 */
	public static boolean isHealthy(int managementPort) {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://" + LOOPBACK + ":" + managementPort + "/actuator/health"))
			.timeout(Duration.ofSeconds(2))
			.build();
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"UP\"");
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
