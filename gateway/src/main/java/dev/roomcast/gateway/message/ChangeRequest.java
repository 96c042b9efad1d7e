package dev.roomcast.gateway.message;

/**
 * An edit or a deletion: a submission that changes the message at {@code targetSeq}.
 */
interface ChangeRequest extends RoomSubmission {

	Long targetSeq();

}
