package dev.roomcast.account.read;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.roomcast.account.read.ReadStates.ReadKey;
import dev.roomcast.account.update.UserUpdates;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import dev.roomcast.events.UserUpdate;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Learns each room's {@code lastSeq} from the room log ({@link Topics#CHAT_ROOM_EVENTS},
 * committed events only), one batch per poll: a single {@code $max} per room, however
 * many messages the batch holds. Whoever acted in an event (the sender of a message, the
 * actor and the member of a membership change) has read the room up to it, so their own
 * messages never count as unread. These marks are not pushed as updates: the user's other
 * sessions see the event itself live.
 */
@Component
class RoomLogListener {

	private final ReadStates states;

	private final UserUpdates updates;

	RoomLogListener(ReadStates states, UserUpdates updates) {
		this.states = states;
		this.updates = updates;
	}

	@KafkaListener(id = "room-seqs", topics = Topics.CHAT_ROOM_EVENTS, groupId = "${spring.application.name}.room-seqs",
			containerFactory = "roomEventBatchListenerContainerFactory")
	void on(List<RoomEvent> events) {
		Map<String, Long> lastSeqs = new HashMap<>();
		Map<ReadKey, Long> readSeqs = new HashMap<>();
		Map<ReadKey, Long> joined = new HashMap<>();
		for (RoomEvent event : events) {
			if (event == null || event.roomId() == null || event.seq() < 1) {
				// unreadable: logged by the deserializer's handler, nothing to learn from
				// it
				continue;
			}
			lastSeqs.merge(event.roomId(), event.seq(), Math::max);
			if (event.senderId() != null) {
				readSeqs.merge(new ReadKey(event.senderId(), event.roomId()), event.seq(), Math::max);
			}
			if (event.memberId() != null) {
				readSeqs.merge(new ReadKey(event.memberId(), event.roomId()), event.seq(), Math::max);
				joined.merge(new ReadKey(event.memberId(), event.roomId()), event.seq(), Math::max);
			}
		}
		this.states.advance(lastSeqs, readSeqs);
		// a member's clients may have listed the room before this pass: tell them that
		// the
		// room's membership events up to their own are read (their own messages they
		// know)
		joined.forEach((key, seq) -> this.updates.publish(key.userId(), UserUpdate.Type.READ,
				Map.of("roomId", key.roomId(), "seq", seq)));
	}

}
