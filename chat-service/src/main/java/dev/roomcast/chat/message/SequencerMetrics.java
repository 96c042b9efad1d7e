package dev.roomcast.chat.message;

import java.util.EnumMap;
import java.util.Map;

import dev.roomcast.events.MessageRejected.Reason;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import dev.roomcast.kafka.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The sequencer's counters. Under exactly-once a crash replays the uncommitted records,
 * so after a crash these can count a few records twice; the topics themselves never do.
 */
final class SequencerMetrics {

	private final Counter accepted;

	private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);

	private final Counter duplicates;

	private final Counter deadLettered;

	private final Counter membership;

	private final Counter headsSigned;

	private final Counter edited;

	private final Counter deleted;

	SequencerMetrics(MeterRegistry registry) {
		this.accepted = Counter.builder("roomcast.messages.accepted")
			.description("Messages given a seq and published to chat.room-events")
			.register(registry);
		for (Reason reason : Reason.values()) {
			this.rejected.put(reason,
					Counter.builder("roomcast.messages.rejected")
						.description("Messages refused by chat-service, by reason")
						.tag("reason", reason.name())
						.register(registry));
		}
		this.duplicates = Counter.builder("roomcast.messages.duplicates")
			.description("Messages dropped because their messageId was already ordered in the room")
			.register(registry);
		this.deadLettered = DeadLetters.counter(registry, Topics.CHAT_INBOUND);
		this.membership = Counter.builder("roomcast.membership.events")
			.description("Membership changes given a seq and published to chat.room-events")
			.register(registry);
		this.edited = changes(registry, RoomEvent.Type.EDIT);
		this.deleted = changes(registry, RoomEvent.Type.DELETE);
		this.headsSigned = Counter.builder("roomcast.chain.heads.signed")
			.description("Room chain heads signed and published to chat.chain-heads")
			.register(registry);
	}

	private static Counter changes(MeterRegistry registry, RoomEvent.Type type) {
		return Counter.builder("roomcast.messages.changed")
			.description("Edits and deletions given a seq and published to chat.room-events, by type")
			.tag("type", type.name())
			.register(registry);
	}

	void changed(RoomEvent.Type type) {
		((type == RoomEvent.Type.EDIT) ? this.edited : this.deleted).increment();
	}

	void accepted() {
		this.accepted.increment();
	}

	void rejected(Reason reason) {
		this.rejected.get(reason).increment();
	}

	void duplicate() {
		this.duplicates.increment();
	}

	void deadLettered() {
		this.deadLettered.increment();
	}

	void membershipRecorded() {
		this.membership.increment();
	}

	void headSigned() {
		this.headsSigned.increment();
	}

}
