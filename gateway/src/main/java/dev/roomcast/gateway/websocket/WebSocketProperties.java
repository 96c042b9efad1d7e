package dev.roomcast.gateway.websocket;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The STOMP-over-WebSocket endpoint {@code /ws}.
 *
 * @param allowedOrigins the page origins a handshake may come from; a foreign Origin gets
 * 403 (a same-origin handshake is always allowed)
 * @param messageSizeLimit the largest inbound STOMP frame
 * @param sendTimeLimit the longest one write to a client may block before the session is
 * closed
 * @param sendBufferSizeLimit the most characters (of text frames) queued for one client
 * before it is closed as too slow
 * @param outboundQueueLimit the most frames queued for one client before it is closed as
 * too slow
 * @param writerThreads the threads that write queued frames to clients
 * @param heartbeat the STOMP heart-beat the server offers in both directions (0 for none)
 */
@Validated
@ConfigurationProperties("roomcast.gateway.websocket")
public record WebSocketProperties(@NotEmpty @DefaultValue( {
		"http://localhost:8080", "http://127.0.0.1:8080" }) List<String> allowedOrigins,
		@NotNull @DefaultValue("64KB") DataSize messageSizeLimit, @NotNull @DefaultValue("5s") Duration sendTimeLimit,
		@NotNull @DefaultValue("1MB") DataSize sendBufferSizeLimit,
		@Min(1) @DefaultValue("2000") int outboundQueueLimit, @Min(1) @DefaultValue("4") int writerThreads,
		@NotNull @DefaultValue("10s") Duration heartbeat){

}
