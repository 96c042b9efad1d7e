package dev.roomcast.account.read;

/**
 * How far a room's log reached and how far one user read it.
 *
 * @param lastSeq the highest seq of the room's log seen so far
 * @param readSeq the highest seq the user read (their own messages and membership changes
 * count as read)
 * @param unread the chat messages of others after {@code readSeq} up to {@code lastSeq}
 * (edits, deletions and membership changes are not counted)
 */
public record RoomProgress(long lastSeq, long readSeq, long unread) {

	/** A room of which nothing is known yet. */
	public static final RoomProgress NONE = new RoomProgress(0, 0, 0);

}
