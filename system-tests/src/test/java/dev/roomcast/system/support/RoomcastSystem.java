package dev.roomcast.system.support;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.infra.launcher.ServiceLauncher;
import dev.roomcast.infra.server.LocalInfrastructure;
import dev.roomcast.infra.server.Ports;
import dev.roomcast.infra.server.ServerProcess;
import dev.roomcast.testsupport.servers.TestInfrastructure;

/**
 * The whole system for one test JVM: the real servers and the four services started from
 * their jars as their own processes, on free ports (each with its own free management
 * port for actuator), once, and shared by every system test. A second gateway instance
 * starts on demand. Services can be killed ({@code kill -9}) and restarted to prove crash
 * safety.
 */
public final class RoomcastSystem {

	private static RoomcastSystem shared;

	private final LocalInfrastructure infra;

	private final Path logDir;

	private final Map<RoomcastService, Integer> ports = new EnumMap<>(RoomcastService.class);

	private final Map<RoomcastService, Integer> managementPorts = new EnumMap<>(RoomcastService.class);

	private final Map<RoomcastService, ServerProcess> processes = new EnumMap<>(RoomcastService.class);

	private ServerProcess secondGateway;

	private int secondGatewayPort;

	private RoomcastSystem(LocalInfrastructure infra) {
		this.infra = infra;
		// outside the servers' data folder, which is deleted at exit: the logs explain
		// failures
		this.logDir = Path.of("target", "service-logs").toAbsolutePath();
		for (RoomcastService service : RoomcastService.values()) {
			this.ports.put(service, Ports.free());
			this.managementPorts.put(service, Ports.free());
		}
	}

	/**
	 * The shared system, started on first call.
	 * @return the running system
	 */
	public static synchronized RoomcastSystem shared() {
		if (shared == null) {
			RoomcastSystem system = new RoomcastSystem(TestInfrastructure.shared());
			system.startAll();
			shared = system;
		}
		return shared;
	}

	private void startAll() {
		List<CompletableFuture<Void>> starting = List.of(RoomcastService.values())
			.stream()
			.map((service) -> CompletableFuture.runAsync(() -> start(service)))
			.toList();
		CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
	}

	/**
	 * Starts a service (again) on its port.
	 * @param service the service
	 */
	public void start(RoomcastService service) {
		start(service, Map.of());
	}

	/**
	 * Starts a service (again) on its port with settings of its own, for a test that
	 * needs it to behave otherwise (start it again without them afterwards).
	 * @param service the service
	 * @param extra properties added to (or replacing) the usual ones
	 */
	public void start(RoomcastService service, Map<String, String> extra) {
		Map<String, String> properties = new HashMap<>(properties(service, this.ports.get(service)));
		properties.putAll(extra);
		ServerProcess process = ServiceLauncher.start(service, this.ports.get(service),
				this.managementPorts.get(service), this.infra, this.logDir, properties);
		synchronized (this.processes) {
			this.processes.put(service, process);
		}
	}

	/**
	 * Kills a service as a crash would ({@code kill -9}).
	 * @param service the service
	 */
	public void kill(RoomcastService service) {
		ServerProcess process;
		synchronized (this.processes) {
			process = this.processes.remove(service);
		}
		if (process != null) {
			process.kill();
		}
	}

	/**
	 * The process id of a service.
	 * @param service the service
	 * @return its pid
	 */
	public long pid(RoomcastService service) {
		synchronized (this.processes) {
			return this.processes.get(service).pid();
		}
	}

	/**
	 * The port of a service.
	 * @param service the service
	 * @return its HTTP port
	 */
	public int port(RoomcastService service) {
		return this.ports.get(service);
	}

	/**
	 * The management port of a service, where its actuator answers (never on
	 * {@link #port}).
	 * @param service the service
	 * @return its actuator port
	 */
	public int managementPort(RoomcastService service) {
		return this.managementPorts.get(service);
	}

	/**
	 * The base URL of the (first) gateway, as a browser uses it.
	 * @return {@code http://localhost:<port>}
	 */
	public String gatewayUrl() {
		return "http://localhost:" + port(RoomcastService.GATEWAY);
	}

	/**
	 * The base URL of a second gateway instance, started on first call.
	 * @return {@code http://localhost:<port>}
	 */
	public synchronized String secondGatewayUrl() {
		if (this.secondGateway == null) {
			this.secondGatewayPort = Ports.free();
			this.secondGateway = ServiceLauncher.start(RoomcastService.GATEWAY, this.secondGatewayPort, Ports.free(),
					this.infra, this.logDir, properties(RoomcastService.GATEWAY, this.secondGatewayPort));
		}
		return "http://localhost:" + this.secondGatewayPort;
	}

	/**
	 * Kills the second gateway instance as a crash would ({@code kill -9}); the next
	 * {@link #secondGatewayUrl()} starts a new one on another port.
	 */
	public synchronized void killSecondGateway() {
		if (this.secondGateway != null) {
			this.secondGateway.kill();
			this.secondGateway = null;
		}
	}

	/**
	 * The real servers under the services.
	 * @return the infrastructure
	 */
	public LocalInfrastructure infra() {
		return this.infra;
	}

	/**
	 * The properties of a service instance. Each gateway allows its own origin; the send
	 * rate limit is raised so that tests can send a thousand messages quickly (the limit
	 * itself is tested in the gateway's integration tests). A group room may have
	 * {@code roomcast.system.max-room-members} members (100 unless set: the idle-sessions
	 * benchmark raises it).
	 */
	private Map<String, String> properties(RoomcastService service, int port) {
		return switch (service) {
			case GATEWAY -> Map.of("roomcast.gateway.routes.account-service-url",
					"http://127.0.0.1:" + port(RoomcastService.ACCOUNT),
					"roomcast.gateway.routes.persistence-service-url",
					"http://127.0.0.1:" + port(RoomcastService.PERSISTENCE),
					"roomcast.gateway.websocket.allowed-origins",
					"http://localhost:" + port + ",http://127.0.0.1:" + port,
					"roomcast.gateway.send.rate-limit.capacity",
					System.getProperty("roomcast.system.send-rate-limit", "2000"));
			case CHAT -> Map.of("spring.kafka.streams.state-dir",
					this.infra.settings().dataDir().resolve("chat-service-state").toString(),
					"roomcast.audit.signing.private-key", AuditKeys.privateKeyBase64());
			case ACCOUNT ->
				Map.of("roomcast.audit.bootstrap.username", AuditKeys.AUDITOR, "roomcast.audit.bootstrap.password",
						AuditKeys.AUDITOR_PASSWORD, "roomcast.account.rooms.max-members",
						System.getProperty("roomcast.system.max-room-members", "100"));
			case PERSISTENCE -> Map.of("roomcast.audit.signing.public-key", AuditKeys.publicKeyBase64());
		};
	}

}
