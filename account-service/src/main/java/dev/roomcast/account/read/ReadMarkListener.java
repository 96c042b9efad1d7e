package dev.roomcast.account.read;

import java.util.Map;

import dev.roomcast.account.update.UserUpdates;
import dev.roomcast.events.RoomRead;
import dev.roomcast.events.Topics;
import dev.roomcast.events.UserUpdate;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Read marks from the gateways ({@link Topics#USER_READ_STATE}): a mark that moves the
 * user's {@code readSeq} forward is stored and told to all of the user's sessions as a
 * {@link UserUpdate.Type#READ} update; one that does not changes nothing.
 */
@Component
class ReadMarkListener {

	private final ReadStates states;

	private final UserUpdates updates;

	ReadMarkListener(ReadStates states, UserUpdates updates) {
		this.states = states;
		this.updates = updates;
	}

	@KafkaListener(id = "read-marks", topics = Topics.USER_READ_STATE, groupId = "${spring.application.name}",
			containerFactory = "roomReadListenerContainerFactory")
	void on(RoomRead read) {
		if (read == null || read.userId() == null || read.roomId() == null || read.seq() < 1) {
			return;
		}
		if (this.states.markRead(read.userId(), read.roomId(), read.seq())) {
			this.updates.publish(read.userId(), UserUpdate.Type.READ,
					Map.of("roomId", read.roomId(), "seq", read.seq()));
		}
	}

}
