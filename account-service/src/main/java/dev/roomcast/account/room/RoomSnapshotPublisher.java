package dev.roomcast.account.room;

import dev.roomcast.events.RoomSnapshot;
import dev.roomcast.events.Topics;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a room's state to {@link Topics#ACCOUNT_ROOMS} and waits for the broker, so
 * that a client told "done" can use the room right away on every service.
 */
@Component
class RoomSnapshotPublisher {

	private final KafkaTemplate<String, RoomSnapshot> kafka;

	RoomSnapshotPublisher(KafkaTemplate<String, RoomSnapshot> roomSnapshotKafkaTemplate) {
		this.kafka = roomSnapshotKafkaTemplate;
	}

	void publish(RoomDocument room) {
		send(room.id(), room.deleted() ? null : room.toSnapshot());
	}

	private void send(String roomId, RoomSnapshot snapshotOrTombstone) {
		BrokerAcknowledgement.await(this.kafka.send(Topics.ACCOUNT_ROOMS, roomId, snapshotOrTombstone),
				"the snapshot of room " + roomId);
	}

}
