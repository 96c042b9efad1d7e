package dev.roomcast.gateway.websocket;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The characters queued for all clients of this gateway instance together. A client whose
 * own queue is over its limits but who still reads (the gateway, not the client, fell
 * behind: a burst, or a cold JIT) may queue more while this stays under its limit, so an
 * overloaded gateway delays its clients instead of closing them all at once.
 */
final class OutboundBacklog {

	private final AtomicLong chars = new AtomicLong();

	private final long limit;

	/**
	 * A backlog of at most this many characters.
	 * @param limit the characters all queues may hold together
	 */
	OutboundBacklog(long limit) {
		this.limit = limit;
	}

	void add(long count) {
		this.chars.addAndGet(count);
	}

	void remove(long count) {
		this.chars.addAndGet(-count);
	}

	/**
	 * Whether one more frame of this size would take the backlog over its limit.
	 * @param size the frame's characters
	 * @return whether it would
	 */
	boolean wouldExceed(long size) {
		return this.chars.get() + size > this.limit;
	}

	long chars() {
		return this.chars.get();
	}

}
