package dev.roomcast.account.contact;

/**
 * One side's view of a relation. {@code BLOCKED} is never listed; it only refuses.
 */
public enum ContactState {

	ACCEPTED, REQUESTED, PENDING, BLOCKED

}
