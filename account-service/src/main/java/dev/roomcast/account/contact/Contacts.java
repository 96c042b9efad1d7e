package dev.roomcast.account.contact;

import org.springframework.stereotype.Component;

/**
 * What other features may ask about relations.
 */
@Component
public class Contacts {

	private final ContactRepository contacts;

	Contacts(ContactRepository contacts) {
		this.contacts = contacts;
	}

	/**
	 * Whether both users accepted each other.
	 * @param userId one user
	 * @param otherId the other
	 * @return whether each side is {@code ACCEPTED}
	 */
	public boolean areAccepted(String userId, String otherId) {
		return stateOf(userId, otherId) == ContactState.ACCEPTED && stateOf(otherId, userId) == ContactState.ACCEPTED;
	}

	/**
	 * Whether either user blocked the other.
	 * @param userId one user
	 * @param otherId the other
	 * @return whether a block stands between them
	 */
	public boolean blockedBetween(String userId, String otherId) {
		return stateOf(userId, otherId) == ContactState.BLOCKED || stateOf(otherId, userId) == ContactState.BLOCKED;
	}

	ContactState stateOf(String ownerId, String otherId) {
		return this.contacts.findById(ContactDocument.idOf(ownerId, otherId)).map(ContactDocument::state).orElse(null);
	}

}
