package dev.roomcast.account.room;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.roomcast.events.RoomSnapshot;
import dev.roomcast.events.Topics;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a room's state to {@link Topics#ACCOUNT_ROOMS} and waits for the broker, so
 * that a client told "done" can use the room right away on every service.
 */
@Component
class RoomSnapshotPublisher {

	private static final long TIMEOUT_SECONDS = 10;

	private final KafkaTemplate<String, RoomSnapshot> kafka;

	RoomSnapshotPublisher(KafkaTemplate<String, RoomSnapshot> roomSnapshotKafkaTemplate) {
		this.kafka = roomSnapshotKafkaTemplate;
	}

	void publish(RoomDocument room) {
		send(room.id(), room.deleted() ? null : room.toSnapshot());
	}

	private void send(String roomId, RoomSnapshot snapshotOrTombstone) {
		try {
			this.kafka.send(Topics.ACCOUNT_ROOMS, roomId, snapshotOrTombstone).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted while publishing room " + roomId, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new KafkaException("Room " + roomId + " not published", ex);
		}
	}

}
