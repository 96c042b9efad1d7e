package dev.roomcast.kafka;

/**
 * A record that no retry can handle (it reads, but is not what its topic carries): the
 * shared error handler dead-letters it at once instead of retrying. An unreadable record
 * (a {@code DeserializationException}) is treated the same way.
 */
public class PoisonRecordException extends RuntimeException {

	/**
	 * A poison record.
	 * @param message what is wrong with it
	 */
	public PoisonRecordException(String message) {
		super(message);
	}

	/**
	 * A poison record.
	 * @param message what is wrong with it
	 * @param cause why it could not be read
	 */
	public PoisonRecordException(String message, Throwable cause) {
		super(message, cause);
	}

}
