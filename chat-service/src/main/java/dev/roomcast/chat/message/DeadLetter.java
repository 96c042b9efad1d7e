package dev.roomcast.chat.message;

/**
 * An inbound record that cannot be ordered, forwarded as it came.
 *
 * @param value the original bytes
 * @param reason why it could not be read
 */
record DeadLetter(byte[] value, String reason) {

}
