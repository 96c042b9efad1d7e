package dev.roomcast.account.read;

import java.util.List;
import java.util.Map;

import dev.roomcast.account.update.UserUpdates;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import dev.roomcast.events.UserUpdate;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Learns each room's {@code lastSeq} from the room log ({@link Topics#CHAT_ROOM_EVENTS},
 * committed events only), one batch per poll: a single {@code $max} per room, however
 * many messages the batch holds, and the seqs that are not chat messages (edits,
 * deletions, membership changes), which never count as unread. Whoever acted in an event
 * (the sender of a message or change, the actor and the member of a membership change)
 * has read the room up to it, so their own messages never count as unread. Those marks
 * are pushed only to a membership change's member, and only when their mark moved: their
 * clients may have listed the room before this pass (a log read again after a restart
 * moves nothing and tells nobody). A sender's other sessions see the event itself live.
 */
@Component
class RoomLogListener {

	private final ReadStates states;

	private final UserUpdates updates;

	RoomLogListener(ReadStates states, UserUpdates updates) {
		this.states = states;
		this.updates = updates;
	}

	// the group replaced ".room-seqs" when the skipped seqs came: a new group reads the
	// whole log once more, so that events stored before them are not counted as unread
	@KafkaListener(id = "room-seqs", topics = Topics.CHAT_ROOM_EVENTS,
			groupId = "${spring.application.name}.unread-counts",
			containerFactory = "roomEventBatchListenerContainerFactory")
	void on(List<RoomEvent> events) {
		RoomLogBatch batch = new RoomLogBatch();
		for (RoomEvent event : events) {
			// an unreadable event is logged by the deserializer's handler: nothing to
			// learn from it
			if (event != null && event.roomId() != null && event.seq() >= 1) {
				batch.add(event);
			}
		}
		if (batch.isEmpty()) {
			return;
		}
		this.states.advance(batch)
			.forEach((key, seq) -> this.updates.publish(key.userId(), UserUpdate.Type.READ,
					Map.of("roomId", key.roomId(), "seq", seq)));
	}

}
