package dev.roomcast.account.contact;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.roomcast.account.config.InvalidFieldException;
import dev.roomcast.account.config.NotAllowedException;
import dev.roomcast.account.room.RoomService;
import dev.roomcast.account.update.UserUpdates;
import dev.roomcast.account.user.UserDocument;
import dev.roomcast.account.user.UserNotFoundException;
import dev.roomcast.account.user.UserRepository;
import dev.roomcast.account.user.UserResponse;
import dev.roomcast.events.UserUpdate;
import dev.roomcast.events.PresenceChanged.Status;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Requests, accepts, declines, removals and blocks. Each side of a relation is its own
 * document; a block replaces the blocker's side and removes the blocked user's side.
 * Every change is told to both sides' open clients ({@link UserUpdates}) with the other
 * user and the receiver's new state; the blocked user is told of a removal, not of the
 * block.
 */
@Service
class ContactService {

	private final ContactRepository contacts;

	private final Contacts relations;

	private final UserRepository users;

	private final RoomService rooms;

	private final UserUpdates updates;

	private final Presences presences;

	ContactService(ContactRepository contacts, Contacts relations, UserRepository users, RoomService rooms,
			UserUpdates updates, Presences presences) {
		this.contacts = contacts;
		this.relations = relations;
		this.users = users;
		this.rooms = rooms;
		this.updates = updates;
		this.presences = presences;
	}

	List<ContactResponse> list(String me) {
		List<ContactDocument> mine = this.contacts.findByOwnerId(me)
			.stream()
			.filter((contact) -> contact.state() != ContactState.BLOCKED)
			.toList();
		Map<String, UserDocument> others = this.users.findAllById(mine.stream().map(ContactDocument::otherId).toList())
			.stream()
			.collect(Collectors.toMap(UserDocument::id, Function.identity()));
		Map<String, Status> presence = this.presences.of(mine.stream()
			.filter((contact) -> contact.state() == ContactState.ACCEPTED)
			.map(ContactDocument::otherId)
			.toList());
		return mine.stream()
			.filter((contact) -> others.containsKey(contact.otherId()))
			.map((contact) -> new ContactResponse(UserResponse.of(others.get(contact.otherId())), contact.state(),
					presence.get(contact.otherId())))
			.sorted(Comparator.comparing((ContactResponse contact) -> contact.user().username()))
			.toList();
	}

	ContactResponse request(String me, String username) {
		UserDocument other = this.users.findByUsernameKey(UserDocument.keyOf(username))
			.filter((user) -> !user.auditor())
			.orElseThrow(() -> new UserNotFoundException("named " + username));
		if (other.id().equals(me)) {
			throw new InvalidFieldException("username", "you cannot add yourself");
		}
		refuseIfBlocked(me, other.id());
		ContactState mine = this.relations.stateOf(me, other.id());
		if (mine == ContactState.PENDING) {
			return accept(me, other.id());
		}
		if (mine == null) {
			this.contacts.save(ContactDocument.of(me, other.id(), ContactState.REQUESTED));
			this.contacts.save(ContactDocument.of(other.id(), me, ContactState.PENDING));
			mine = ContactState.REQUESTED;
			tell(other.id(), UserUpdate.Type.CONTACT_REQUESTED, user(me), ContactState.PENDING);
			tell(me, UserUpdate.Type.CONTACT_REQUESTED, other, ContactState.REQUESTED);
		}
		return new ContactResponse(UserResponse.of(other), mine);
	}

	ContactResponse accept(String me, String otherId) {
		UserDocument other = user(otherId);
		refuseIfBlocked(me, otherId);
		ContactState mine = this.relations.stateOf(me, otherId);
		if (mine == ContactState.ACCEPTED) {
			return new ContactResponse(UserResponse.of(other), mine);
		}
		if (mine != ContactState.PENDING) {
			throw new ContactNotFoundException("No pending request from user " + otherId);
		}
		this.contacts.save(ContactDocument.of(me, otherId, ContactState.ACCEPTED));
		this.contacts.save(ContactDocument.of(otherId, me, ContactState.ACCEPTED));
		tell(otherId, UserUpdate.Type.CONTACT_ACCEPTED, user(me), ContactState.ACCEPTED);
		tell(me, UserUpdate.Type.CONTACT_ACCEPTED, other, ContactState.ACCEPTED);
		return new ContactResponse(UserResponse.of(other), ContactState.ACCEPTED);
	}

	void decline(String me, String otherId) {
		UserDocument other = user(otherId);
		if (this.relations.stateOf(me, otherId) != ContactState.PENDING) {
			throw new ContactNotFoundException("No pending request from user " + otherId);
		}
		this.contacts.deleteById(ContactDocument.idOf(me, otherId));
		deleteUnlessBlocked(otherId, me);
		removed(me, other);
	}

	/** Also how a block is lifted. */
	void remove(String me, String otherId) {
		UserDocument other = user(otherId);
		if (this.relations.stateOf(me, otherId) == null) {
			throw new ContactNotFoundException("User " + otherId + " is not in your contacts");
		}
		this.contacts.deleteById(ContactDocument.idOf(me, otherId));
		deleteUnlessBlocked(otherId, me);
		removed(me, other);
	}

	void block(String me, String otherId) {
		UserDocument other = user(otherId);
		if (otherId.equals(me)) {
			throw new InvalidFieldException("userId", "you cannot block yourself");
		}
		this.contacts.save(ContactDocument.of(me, otherId, ContactState.BLOCKED));
		deleteUnlessBlocked(otherId, me);
		this.rooms.blocked(me, otherId);
		tell(me, UserUpdate.Type.CONTACT_BLOCKED, other, ContactState.BLOCKED);
		tell(otherId, UserUpdate.Type.CONTACT_REMOVED, user(me), this.relations.stateOf(otherId, me));
	}

	/** Both sides lost the relation (or what is left of it on the other side). */
	private void removed(String me, UserDocument other) {
		tell(me, UserUpdate.Type.CONTACT_REMOVED, other, this.relations.stateOf(me, other.id()));
		tell(other.id(), UserUpdate.Type.CONTACT_REMOVED, user(me), this.relations.stateOf(other.id(), me));
	}

	/**
	 * Tells a user's clients that their relation with another user changed.
	 * @param userId who is told
	 * @param type what happened
	 * @param other the other user
	 * @param state the receiver's state now, {@code null} when no relation is left
	 */
	private void tell(String userId, UserUpdate.Type type, UserDocument other, ContactState state) {
		Map<String, Object> data = new java.util.LinkedHashMap<>();
		data.put("userId", other.id());
		data.put("username", other.username());
		data.put("displayName", other.displayName());
		data.put("state", (state != null) ? state.name() : null);
		this.updates.publish(userId, type, data);
	}

	private void deleteUnlessBlocked(String ownerId, String otherId) {
		if (this.relations.stateOf(ownerId, otherId) != ContactState.BLOCKED) {
			this.contacts.deleteById(ContactDocument.idOf(ownerId, otherId));
		}
	}

	private void refuseIfBlocked(String me, String otherId) {
		if (this.relations.stateOf(otherId, me) == ContactState.BLOCKED) {
			throw new NotAllowedException("This user does not accept contact from you");
		}
		if (this.relations.stateOf(me, otherId) == ContactState.BLOCKED) {
			throw new ErrorResponseException(HttpStatus.FORBIDDEN,
					ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
							"You blocked this user; DELETE /api/contacts/" + otherId + " to unblock"),
					null);
		}
	}

	private UserDocument user(String id) {
		// an auditor takes no part in chat: to everyone else it does not exist
		return this.users.findById(id)
			.filter((user) -> !user.auditor())
			.orElseThrow(() -> new UserNotFoundException(id));
	}

}
