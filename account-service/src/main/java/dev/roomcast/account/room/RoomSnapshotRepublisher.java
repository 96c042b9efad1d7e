package dev.roomcast.account.room;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Publishes every room again at start (tombstones for deleted ones), so that a snapshot
 * lost between the MongoDB write and the Kafka ack, for example by a crash, heals.
 */
@Component
class RoomSnapshotRepublisher {

	private static final Logger logger = LoggerFactory.getLogger(RoomSnapshotRepublisher.class);

	private final RoomRepository rooms;

	private final RoomService service;

	RoomSnapshotRepublisher(RoomRepository rooms, RoomService service) {
		this.rooms = rooms;
		this.service = service;
	}

	@EventListener(ApplicationReadyEvent.class)
	void republishAll() {
		int count = 0;
		for (RoomDocument room : this.rooms.findAll()) {
			this.service.republish(room.id());
			count++;
		}
		logger.info("Re-published {} room snapshots to account.rooms", count);
	}

}
