package dev.roomcast.account.room;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.roomcast.account.config.InvalidFieldException;
import dev.roomcast.account.config.NotAllowedException;
import dev.roomcast.account.contact.Contacts;
import dev.roomcast.account.read.ReadStates;
import dev.roomcast.account.read.RoomProgress;
import dev.roomcast.account.update.UserUpdates;
import dev.roomcast.account.user.UserDocument;
import dev.roomcast.account.user.UserNotFoundException;
import dev.roomcast.account.user.UserRepository;
import dev.roomcast.account.room.MembershipPublisher.MembershipChange;
import dev.roomcast.account.user.UserResponse;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.RoomSnapshot;
import dev.roomcast.events.UserUpdate;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Room rules and membership. Every change is saved, then published (waiting for the
 * broker) while the room's lock is held, so snapshots of one room reach
 * {@code account.rooms} in version order from this instance. Each membership change is
 * also submitted to the room's log ({@link MembershipPublisher}): one that grants
 * membership before the snapshot, so that no message of the new member can be ordered
 * before it; one that takes it away after the snapshot, so that chat-service, which waits
 * for that snapshot before ordering the change, refuses the member's messages after it.
 * The members' open clients hear of it through {@link UserUpdates}: {@code ROOM_ADDED} to
 * those who gained the room, {@code ROOM_REMOVED} to those who lost it,
 * {@code ROOM_CHANGED} to the other members.
 */
@Service
public class RoomService {

	private final Object[] locks = new Object[64];

	private final RoomRepository rooms;

	private final UserRepository users;

	private final Contacts contacts;

	private final RoomSnapshotPublisher publisher;

	private final MembershipPublisher membership;

	private final UserUpdates updates;

	private final ReadStates readStates;

	private final int maxMembers;

	RoomService(RoomRepository rooms, UserRepository users, Contacts contacts, RoomSnapshotPublisher publisher,
			MembershipPublisher membership, UserUpdates updates, ReadStates readStates, RoomProperties properties) {
		this.rooms = rooms;
		this.users = users;
		this.contacts = contacts;
		this.publisher = publisher;
		this.membership = membership;
		this.updates = updates;
		this.readStates = readStates;
		this.maxMembers = properties.maxMembers();
		for (int i = 0; i < this.locks.length; i++) {
			this.locks[i] = new Object();
		}
	}

	RoomResponse direct(String me, String otherId) {
		if (otherId.equals(me)) {
			throw new InvalidFieldException("userId", "a direct room needs another user");
		}
		user(otherId);
		if (this.contacts.blockedBetween(me, otherId)) {
			throw new NotAllowedException("A block stands between you and user " + otherId);
		}
		if (!this.contacts.areAccepted(me, otherId)) {
			throw new NotAllowedException("Direct rooms are for accepted contacts only");
		}
		String key = RoomDocument.directKey(me, otherId);
		RoomDocument existing = this.rooms.findByUniqueKey(key).orElse(null);
		if (existing == null) {
			Instant now = Instant.now();
			List<String> pair = List.of(me, otherId);
			RoomDocument created = new RoomDocument(UUID.randomUUID().toString(), RoomSnapshot.Kind.DIRECT, "", me,
					pair, pair, key, false, now, now, null);
			try {
				return response(me,
						locked(created.id(), () -> publish(this.rooms.insert(created), created(me, List.of(otherId)))));
			}
			catch (DuplicateKeyException ex) {
				existing = this.rooms.findByUniqueKey(key).orElseThrow(() -> ex);
			}
		}
		RoomDocument room = existing;
		return response(me, locked(room.id(), () -> {
			RoomDocument current = found(room.id());
			if (current.memberIds().containsAll(current.pairIds())) {
				return current;
			}
			List<MembershipChange> back = current.pairIds()
				.stream()
				.filter((id) -> !current.hasMember(id))
				.map((id) -> change(RoomEvent.Type.MEMBER_ADDED, me, id))
				.toList();
			return publish(this.rooms.save(current.withMembers(current.ownerId(), current.pairIds())), back);
		}));
	}

	RoomResponse group(String me, GroupRoomRequest request) {
		if (request.memberIds().size() > this.maxMembers - 1) {
			throw new InvalidFieldException("memberIds", "may list at most " + (this.maxMembers - 1) + " users");
		}
		Set<String> members = new LinkedHashSet<>();
		members.add(me);
		for (String memberId : request.memberIds()) {
			if (memberId == null || memberId.equals(me)) {
				continue;
			}
			user(memberId);
			requireContact(me, memberId);
			members.add(memberId);
		}
		Instant now = Instant.now();
		String id = UUID.randomUUID().toString();
		RoomDocument room = new RoomDocument(id, RoomSnapshot.Kind.GROUP, request.name().strip(), me, List.of(),
				List.copyOf(members), "group:" + id, false, now, now, null);
		List<String> others = members.stream().filter((memberId) -> !memberId.equals(me)).toList();
		return response(me, locked(id, () -> publish(this.rooms.insert(room), created(me, others))));
	}

	List<RoomResponse> list(String me) {
		List<RoomDocument> mine = this.rooms.findByMemberIdsContainingAndDeletedFalseOrderByCreatedAt(me);
		Map<String, RoomProgress> progress = this.readStates.of(me, mine.stream().map(RoomDocument::id).toList());
		return mine.stream().map((room) -> response(room, progress.get(room.id()))).toList();
	}

	RoomResponse get(String me, String roomId) {
		return response(me, visible(me, roomId));
	}

	RoomResponse addMember(String me, String roomId, String userId) {
		visible(me, roomId);
		return response(me, locked(roomId, () -> {
			RoomDocument room = visible(me, roomId);
			requireChangeableGroup(room);
			if (!room.ownerId().equals(me)) {
				throw new NotAllowedException("Only the owner adds members");
			}
			user(userId);
			if (room.hasMember(userId)) {
				return room;
			}
			requireContact(me, userId);
			if (room.memberIds().size() >= this.maxMembers) {
				throw new ErrorResponseException(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(
						HttpStatus.CONFLICT, "A room has at most " + this.maxMembers + " members"), null);
			}
			List<String> members = new ArrayList<>(room.memberIds());
			members.add(userId);
			return publish(this.rooms.save(room.withMembers(room.ownerId(), members)),
					List.of(change(RoomEvent.Type.MEMBER_ADDED, me, userId)));
		}));
	}

	void removeMember(String me, String roomId, String userId) {
		visible(me, roomId);
		locked(roomId, () -> {
			RoomDocument room = visible(me, roomId);
			requireChangeableGroup(room);
			if (!userId.equals(me) && !room.ownerId().equals(me)) {
				throw new NotAllowedException("Only the owner removes others; members may remove themselves");
			}
			if (!room.hasMember(userId)) {
				throw new UserNotFoundException(userId + " in room " + roomId);
			}
			List<String> members = new ArrayList<>(room.memberIds());
			members.remove(userId);
			List<MembershipChange> change = List.of(userId.equals(me) ? change(RoomEvent.Type.MEMBER_LEFT, me, me)
					: change(RoomEvent.Type.MEMBER_REMOVED, me, userId));
			if (members.isEmpty()) {
				return publish(this.rooms.save(room.asDeleted()), change);
			}
			String owner = room.ownerId().equals(userId) ? members.get(0) : room.ownerId();
			return publish(this.rooms.save(room.withMembers(owner, members)), change);
		});
	}

	/**
	 * A block takes the blocked user out of the pair's direct room, so they can no longer
	 * message the blocker there; opening the direct room again after a new acceptance
	 * restores both.
	 * @param blockerId who blocked
	 * @param blockedId who is blocked
	 */
	public void blocked(String blockerId, String blockedId) {
		this.rooms.findByUniqueKey(RoomDocument.directKey(blockerId, blockedId))
			.ifPresent((direct) -> locked(direct.id(), () -> {
				RoomDocument current = found(direct.id());
				if (!current.hasMember(blockedId)) {
					return current;
				}
				List<String> members = new ArrayList<>(current.memberIds());
				members.remove(blockedId);
				return publish(this.rooms.save(current.withMembers(current.ownerId(), members)),
						List.of(change(RoomEvent.Type.MEMBER_REMOVED, blockerId, blockedId)));
			}));
	}

	void republish(String roomId) {
		locked(roomId, () -> publish(found(roomId)));
	}

	private RoomDocument publish(RoomDocument room) {
		this.publisher.publish(room);
		return room;
	}

	/**
	 * Publishes a changed room with the membership changes it carries: grants to the log
	 * first, then the snapshot, then removals (see the class comment).
	 */
	private RoomDocument publish(RoomDocument room, List<MembershipChange> changes) {
		long version = (room.version() != null) ? room.version() : 0;
		changes.stream()
			.filter(MembershipChange::grants)
			.forEach((change) -> this.membership.publish(room.id(), version, change));
		this.publisher.publish(room);
		changes.stream()
			.filter((change) -> !change.grants())
			.forEach((change) -> this.membership.publish(room.id(), version, change));
		tellMembers(room, changes);
		return room;
	}

	private void tellMembers(RoomDocument room, List<MembershipChange> changes) {
		Map<String, Object> data = Map.of("roomId", room.id(), "kind", room.kind().name(), "name",
				(room.name() != null) ? room.name() : "", "version", (room.version() != null) ? room.version() : 0L);
		Set<String> told = new LinkedHashSet<>();
		for (MembershipChange change : changes) {
			if (told.add(change.memberId())) {
				this.updates.publish(change.memberId(),
						change.grants() ? UserUpdate.Type.ROOM_ADDED : UserUpdate.Type.ROOM_REMOVED, data);
			}
		}
		room.memberIds()
			.stream()
			.filter((memberId) -> !told.contains(memberId))
			.forEach((memberId) -> this.updates.publish(memberId, UserUpdate.Type.ROOM_CHANGED, data));
	}

	private List<MembershipChange> created(String creatorId, List<String> otherIds) {
		List<MembershipChange> changes = new ArrayList<>();
		changes.add(change(RoomEvent.Type.ROOM_CREATED, creatorId, creatorId));
		otherIds.forEach((id) -> changes.add(change(RoomEvent.Type.MEMBER_ADDED, creatorId, id)));
		return changes;
	}

	private MembershipChange change(RoomEvent.Type type, String actorId, String memberId) {
		return new MembershipChange(type, actorId, displayName(actorId), memberId, displayName(memberId));
	}

	private String displayName(String userId) {
		return this.users.findById(userId).map(UserDocument::displayName).orElse(userId);
	}

	private RoomDocument locked(String roomId, Supplier<RoomDocument> change) {
		synchronized (this.locks[Math.floorMod(roomId.hashCode(), this.locks.length)]) {
			return change.get();
		}
	}

	private RoomDocument found(String roomId) {
		return this.rooms.findById(roomId).orElseThrow(() -> new RoomNotFoundException(roomId));
	}

	private RoomDocument visible(String me, String roomId) {
		RoomDocument room = this.rooms.findById(roomId)
			.filter((candidate) -> !candidate.deleted())
			.orElseThrow(() -> new RoomNotFoundException(roomId));
		if (!room.hasMember(me)) {
			throw new NotAllowedException("Only members see room " + roomId);
		}
		return room;
	}

	private void requireChangeableGroup(RoomDocument room) {
		if (room.kind() == RoomSnapshot.Kind.DIRECT) {
			throw new NotAllowedException("The members of a direct room do not change");
		}
	}

	private void requireContact(String me, String userId) {
		if (!this.contacts.areAccepted(me, userId)) {
			throw new NotAllowedException("User " + userId + " is not one of your accepted contacts");
		}
	}

	private UserDocument user(String id) {
		// an auditor takes no part in chat: to everyone else it does not exist
		return this.users.findById(id)
			.filter((user) -> !user.auditor())
			.orElseThrow(() -> new UserNotFoundException(id));
	}

	private RoomResponse response(String me, RoomDocument room) {
		return response(room, this.readStates.of(me, List.of(room.id())).get(room.id()));
	}

	private RoomResponse response(RoomDocument room, RoomProgress progress) {
		Map<String, UserDocument> members = this.users.findAllById(room.memberIds())
			.stream()
			.collect(Collectors.toMap(UserDocument::id, Function.identity()));
		List<UserResponse> users = room.memberIds()
			.stream()
			.map(members::get)
			.filter(java.util.Objects::nonNull)
			.map(UserResponse::of)
			.toList();
		return new RoomResponse(room.id(), room.kind(), room.name(), room.ownerId(), room.memberIds(), users,
				room.createdAt(), (room.version() != null) ? room.version() : 0, progress.lastSeq(), progress.readSeq(),
				progress.unread());
	}

}
