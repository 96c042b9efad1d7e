package dev.roomcast.system.abuse;

import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.infra.launcher.ServiceLauncher;
import dev.roomcast.infra.server.Ports;
import dev.roomcast.infra.server.ServerProcess;
import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.http.HttpProbe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * A gateway with a small heap ({@value #HEAP}) and its connection limit derived from it,
 * filled with idle signed-in STOMP sessions, each subscribed to a room, and then one
 * more: the extra handshake gets {@code 503}, the sessions it has keep getting their
 * room's messages, and the process neither dies nor logs an {@code OutOfMemoryError}.
 */
class SmallHeapGatewaySystemTests {

	static final String HEAP = "128m";

	private static final Pattern LIMIT = Pattern.compile("roomcast_websocket_sessions_limit\\{[^}]*} ([0-9.]+)");

	private final RoomcastSystem system = RoomcastSystem.shared();

	@Test
	void refusesConnectionsPastItsLimitAndKeepsServingTheOnesItHas() throws Exception {
		int port = Ports.free();
		int managementPort = Ports.free();
		String url = "http://localhost:" + port;
		Path logDir = Path.of("target", "service-logs", "small-heap").toAbsolutePath();
		ServerProcess gateway = ServiceLauncher.startWithHeap(RoomcastService.GATEWAY, port, managementPort,
				this.system.infra(), logDir,
				Map.of("roomcast.gateway.routes.account-service-url",
						"http://127.0.0.1:" + this.system.port(RoomcastService.ACCOUNT),
						"roomcast.gateway.routes.persistence-service-url",
						"http://127.0.0.1:" + this.system.port(RoomcastService.PERSISTENCE),
						"roomcast.gateway.websocket.allowed-origins", url,
						"roomcast.gateway.websocket.max-connections-per-user", "100000"),
				HEAP);
		List<RawStomp> sessions = new ArrayList<>();
		try {
			ChatRoom pair = ChatRoom.direct(url);
			ApiClient alice = pair.alice();
			int limit = limit(managementPort);
			assertThat(limit).as("derived from a %s heap", HEAP).isBetween(100, 512);
			String subscribe = "SUBSCRIBE\nid:room\ndestination:/topic/rooms/" + pair.roomId()
					+ "\nreceipt:room-r\n\n\0";
			while (sessions.size() < limit) {
				RawStomp stomp = RawStomp.connected(url, alice);
				sessions.add(stomp);
				stomp.text(subscribe);
				stomp.awaitReceipt("room-r");
			}

			Throwable refused = catchThrowable(() -> RawStomp.open(url, alice));
			assertThat(refused).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(WebSocketHandshakeException.class);
			assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(503);

			sessions.get(0)
				.text("SEND\ndestination:/app/rooms/" + pair.roomId() + "/messages\ncontent-type:application/json\n\n"
						+ "{\"messageId\":\"" + UUID.randomUUID() + "\",\"text\":\"still here\"}\0");
			for (RawStomp session : sessions) {
				await().atMost(RawStomp.WAIT)
					.until(() -> session.frames()
						.stream()
						.anyMatch((frame) -> frame.command().equals("MESSAGE") && frame.body().contains("still here")));
			}
			assertThat(gateway.isAlive()).isTrue();
			assertThat(HttpProbe.get(managementPort, "/actuator/health").body()).contains("\"UP\"");
		}
		finally {
			sessions.forEach(RawStomp::close);
			gateway.close();
		}
		try (var logs = Files.list(logDir)) {
			for (Path log : logs.toList()) {
				assertThat(Files.readString(log)).as(log.toString()).doesNotContain("OutOfMemoryError");
			}
		}
	}

	private static int limit(int managementPort) {
		Matcher matcher = LIMIT.matcher(HttpProbe.get(managementPort, "/actuator/prometheus").body());
		assertThat(matcher.find()).as("roomcast_websocket_sessions_limit").isTrue();
		return (int) Double.parseDouble(matcher.group(1));
	}

}
