package dev.roomcast.gateway.websocket;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
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
 * @param sendTimeLimit the longest one write to a client may take before the session is
 * closed (the connection's idle timeout, which finds such a write within twice this)
 * @param sendBufferSizeLimit the most characters (of text frames) queued for one client
 * before it is closed as too slow, unless it takes its writes (see
 * {@code slowClientWait})
 * @param outboundQueueLimit the most frames queued for one client before it is closed as
 * too slow, unless it takes its writes
 * @param slowClientWait how long a write may wait for a client whose queue is over
 * {@code outboundQueueLimit} or {@code sendBufferSizeLimit} before it is closed as too
 * slow (1008); a client that takes its writes is only behind because the gateway is, and
 * keeps its frames while {@code outboundBacklogLimit} allows
 * @param outboundBacklogLimit the most characters queued for all clients of this instance
 * together; beyond it a client over its own limits is closed (1013) even though it reads
 * @param writerThreads the threads that write queued frames to clients (and as many close
 * sessions)
 * @param heartbeat the STOMP heart-beat the server offers in both directions (0 for none)
 * @param maxConnections the most WebSocket sessions this instance accepts; a handshake
 * beyond it gets 503. 0 derives it from the heap: one per 36 KiB of the maximum heap
 * beyond 128 MiB (about 10,600 with {@code -Xmx512m}), at least 100
 * @param maxConnectionsPerUser the most WebSocket sessions one user may have open on this
 * instance; a handshake beyond it gets 429
 * @param maxSubscriptionsPerSession the most room subscriptions one session may hold
 * @param subscribeRate how fast one session may send SUBSCRIBE frames
 * @param sessionCheckInterval how often the HTTP sessions of the open sockets are
 * checked: a socket whose session was deleted (logout) or expired is closed
 * @param sessionTouchInterval how often a socket's activity (frames other than
 * heart-beats) renews its HTTP session's idle timeout at most
 * @param bufferSize the size of a WebSocket session's read and write buffers in Jetty;
 * text frames queued for a client leave joined in messages of up to this many characters
 * (docs/decisions.md)
 */
@Validated
@ConfigurationProperties("roomcast.gateway.websocket")
public record WebSocketProperties(@NotEmpty @DefaultValue( {
		"http://localhost:8080", "http://127.0.0.1:8080" }) List<String> allowedOrigins,
		@NotNull @DefaultValue("64KB") DataSize messageSizeLimit, @NotNull @DefaultValue("5s") Duration sendTimeLimit,
		@NotNull @DefaultValue("1MB") DataSize sendBufferSizeLimit,
		@Min(1) @DefaultValue("2000") int outboundQueueLimit, @NotNull @DefaultValue("1s") Duration slowClientWait,
		@NotNull @DefaultValue("64MB") DataSize outboundBacklogLimit, @Min(1) @DefaultValue("4") int writerThreads,
		@NotNull @DefaultValue("10s") Duration heartbeat, @Min(0) @DefaultValue("0") int maxConnections,
		@Min(1) @DefaultValue("20") int maxConnectionsPerUser,
		@Min(1) @DefaultValue("200") int maxSubscriptionsPerSession,
		@Valid @NotNull @DefaultValue SubscribeRate subscribeRate,
		@NotNull @DefaultValue("2s") Duration sessionCheckInterval,
		@NotNull @DefaultValue("1m") Duration sessionTouchInterval, @NotNull @DefaultValue("2KB") DataSize bufferSize){

	/**
	 * A token bucket per WebSocket session for SUBSCRIBE frames.
	 *
	 * @param burst how many at once (a client subscribing to all its rooms after
	 * connecting)
	 * @param perSecond how many per second after that
	 */
	public record SubscribeRate(@Min(1) @DefaultValue("250") long burst, @Min(1) @DefaultValue("50") long perSecond) {

	}

}
