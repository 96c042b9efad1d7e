package dev.roomcast.events;

/**
 * The one rule for a message's text, applied by the gateway (before the message reaches
 * Kafka) and by chat-service (which orders only valid texts): not blank and at most
 * {@link #MAX_LENGTH} characters, counted as Unicode code points, so that an emoji or any
 * other character outside the Basic Multilingual Plane counts once, as people count it,
 * whatever its UTF-16 or UTF-8 length.
 */
public final class MessageText {

	/** The longest text, in code points. */
	public static final int MAX_LENGTH = 4000;

	/** The rule, for people: what a refusal says. */
	public static final String RULE = "text must be 1 to " + MAX_LENGTH + " characters and not blank";

	private MessageText() {
	}

	/**
	 * Whether a text may be sent.
	 * @param text the text, possibly {@code null}
	 * @return whether it is not blank and at most {@link #MAX_LENGTH} code points long
	 */
	public static boolean isValid(String text) {
		return text != null && !text.isBlank() && length(text) <= MAX_LENGTH;
	}

	/**
	 * A text's length as this rule counts it.
	 * @param text the text
	 * @return its code points
	 */
	public static int length(String text) {
		return text.codePointCount(0, text.length());
	}

}
