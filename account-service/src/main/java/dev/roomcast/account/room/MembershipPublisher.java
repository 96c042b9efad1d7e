package dev.roomcast.account.room;

import java.time.Instant;
import java.util.UUID;

import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Submits a room's membership changes to {@link Topics#CHAT_INBOUND}, keyed by roomId,
 * where chat-service orders them into the room's log like messages; waits for the broker,
 * so that the change is in the room's inbound order before the caller goes on.
 */
@Component
class MembershipPublisher {

	private final KafkaTemplate<String, MessageSubmitted> kafka;

	MembershipPublisher(KafkaTemplate<String, MessageSubmitted> membershipKafkaTemplate) {
		this.kafka = membershipKafkaTemplate;
	}

	void publish(String roomId, long roomVersion, MembershipChange change) {
		MessageSubmitted submitted = new MessageSubmitted(MessageSubmitted.SCHEMA_VERSION, UUID.randomUUID().toString(),
				Instant.now(), UUID.randomUUID().toString(), roomId, change.actorId(), change.actorName(), null,
				change.type(), change.memberId(), change.memberName(), roomVersion);
		BrokerAcknowledgement.await(this.kafka.send(Topics.CHAT_INBOUND, roomId, submitted),
				"a membership change of room " + roomId);
	}

	/**
	 * One change of a room's members.
	 *
	 * @param type the kind of change, one of the membership types
	 * @param actorId who made it (the member itself for a leave)
	 * @param actorName the actor's display name
	 * @param memberId the member it is about
	 * @param memberName the member's display name
	 */
	record MembershipChange(RoomEvent.Type type, String actorId, String actorName, String memberId, String memberName) {

		/**
		 * Whether the change grants membership (submitted before the room's snapshot) or
		 * takes it away (submitted after).
		 */
		boolean grants() {
			return this.type == RoomEvent.Type.ROOM_CREATED || this.type == RoomEvent.Type.MEMBER_ADDED;
		}

	}

}
