package dev.roomcast.gateway.typing;

/**
 * A user typing in a room, as the gateway instances pass it to each other on Redis
 * pub/sub ({@link TypingRelay#CHANNEL}) and as subscribers of
 * {@code /topic/rooms/{roomId}/typing} receive it. Never stored.
 *
 * @param type always {@code TYPING}, so a client can tell it from other frames
 * @param roomId the room
 * @param userId who types
 * @param displayName their display name
 */
record TypingSignal(String type, String roomId, String userId, String displayName) {

	static final String TYPE = "TYPING";

	static TypingSignal of(String roomId, String userId, String displayName) {
		return new TypingSignal(TYPE, roomId, userId, displayName);
	}

}
