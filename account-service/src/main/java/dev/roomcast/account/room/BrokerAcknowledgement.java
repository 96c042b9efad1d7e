package dev.roomcast.account.room;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.kafka.KafkaException;

/**
 * Waits for the broker to acknowledge a record, for the publishers whose callers may only
 * go on (and tell the client "done") once the record is stored in its topic's order.
 */
final class BrokerAcknowledgement {

	private static final long TIMEOUT_SECONDS = 10;

	private BrokerAcknowledgement() {
	}

	/**
	 * Waits up to 10 s for a send to be acknowledged.
	 * @param sent the send, as {@code KafkaTemplate.send} returns it
	 * @param what the record, for the exception's message ("room 42's snapshot")
	 * @throws KafkaException when the broker did not acknowledge it in time, refused it,
	 * or the wait was interrupted
	 */
	static void await(CompletableFuture<?> sent, String what) {
		try {
			sent.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted while waiting for the broker to take " + what, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new KafkaException("The broker did not take " + what, ex);
		}
	}

}
