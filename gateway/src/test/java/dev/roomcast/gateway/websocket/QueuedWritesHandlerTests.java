package dev.roomcast.gateway.websocket;

import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class QueuedWritesHandlerTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ClientSessions sessions = new ClientSessions(properties("3KB"), this.registry);

	@AfterEach
	void stop() {
		this.sessions.destroy();
	}

	@Test
	void limitsTheSessionsMessagesToTheFrameSizeLimitAfterTheStompHandlerSetItsOwn() throws Exception {
		WebSocketHandler stomp = mock(WebSocketHandler.class);
		WebSocketSession session = mock(WebSocketSession.class);
		when(session.getId()).thenReturn("s1");
		// as Spring's STOMP handler does when a session starts
		doAnswer((invocation) -> {
			invocation.<WebSocketSession>getArgument(0).setTextMessageSizeLimit(16_640);
			return null;
		}).when(stomp).afterConnectionEstablished(any());

		new QueuedWritesHandler(stomp, this.sessions, properties("3KB")).afterConnectionEstablished(session);

		InOrder order = inOrder(session);
		order.verify(session).setTextMessageSizeLimit(16_640);
		// twice roomcast.gateway.websocket.message-size-limit's default
		order.verify(session).setTextMessageSizeLimit(128 * 1024);
		order.verify(session).setBinaryMessageSizeLimit(128 * 1024);
	}

	@Test
	void takesMessagesInPiecesWhateverTheStompHandlerSays() {
		WebSocketHandler stomp = mock(WebSocketHandler.class);
		when(stomp.supportsPartialMessages()).thenReturn(false);

		assertThat(new QueuedWritesHandler(stomp, this.sessions, properties("2KB")).supportsPartialMessages()).isTrue();
	}

	@Test
	void derivesTheConnectionLimitFromTheHeapBeyondAReserve() {
		long mebibyte = 1024 * 1024;
		assertThat(ClientSessions.derivedMaxConnections(512 * mebibyte)).isEqualTo(10_922);
		assertThat(ClientSessions.derivedMaxConnections(1024 * mebibyte)).isEqualTo(25_486);
		assertThat(ClientSessions.derivedMaxConnections(130 * mebibyte)).isEqualTo(100);
		assertThat(ClientSessions.derivedMaxConnections(64 * mebibyte)).isEqualTo(100);
	}

	@Test
	void countsOverflowClosesByReasonFromTheStartSoThatDashboardsFindTheMetric() {
		assertThat(this.registry.find("roomcast.websocket.overflow.closes").counters()).hasSize(2)
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());

		this.sessions.overflowed(QueuedWebSocketSession.Overflow.BACKLOG_FULL);

		assertThat(
				this.registry.get("roomcast.websocket.overflow.closes").tag("reason", "backlog-full").counter().count())
			.isEqualTo(1);
		assertThat(
				this.registry.get("roomcast.websocket.overflow.closes").tag("reason", "slow-client").counter().count())
			.isZero();
	}

	static WebSocketProperties properties(String bufferSize) {
		return new Binder(
				new MapConfigurationPropertySource(Map.of("roomcast.gateway.websocket.buffer-size", bufferSize)))
			.bindOrCreate("roomcast.gateway.websocket", Bindable.of(WebSocketProperties.class));
	}

}
