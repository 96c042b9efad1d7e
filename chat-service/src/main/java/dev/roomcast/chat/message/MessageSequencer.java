package dev.roomcast.chat.message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.roomcast.chat.signing.HeadSigner;
import dev.roomcast.events.ChainHeadSigned;
import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.MessageRejected;
import dev.roomcast.events.MessageRejected.Reason;
import dev.roomcast.events.MessageSubmitted;
import dev.roomcast.events.MessageText;
import dev.roomcast.events.RoomDirectory;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.kafka.DeadLetters;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Orders one room's submissions: checks a message's sender and text, drops a repeated
 * messageId for good, assigns the next seq and chains the hash. A membership change (from
 * account-service) is ordered the same way, without the sender and text checks. An edit
 * or a deletion is checked against what is kept of its target message
 * ({@link PostedMessage}): only its original sender may change it, edits only within the
 * edit window, and nothing changes a deleted message. Forwards a {@link RoomEvent} (key
 * roomId), a {@link MessageRejected} (key userId), a {@link DeadLetter} (key as it came)
 * or a {@link ChainHeadSigned} (key roomId).
 *
 * <p>
 * A room's head is signed once {@code everyEvents} events followed its last signed head,
 * and by a wall-clock punctuation every {@code signEvery} for every room whose head
 * moved; both write the signed seq to the room's state in the same transaction as the
 * signature, so a signature is only ever seen (read committed) with the events it covers.
 *
 * <p>
 * Everything it reads and writes ({@link SequencerStore}, its outputs, the input offset)
 * commits in one Kafka transaction ({@code exactly_once_v2}): after a crash the stores
 * are restored to the last commit and the uncommitted inputs are processed again, so a
 * seq is never skipped nor given twice. An outcome depends only on the stores and the
 * input record (times come from the record's timestamp, an event's id from its hash), so
 * the retry of an aborted transaction forwards the very same events again: the gateways,
 * which read {@code chat.room-events} uncommitted to deliver without waiting for the
 * commit, rely on that. Poison records are caught here rather than by a deserialization
 * exception handler so that their dead-lettering is part of that same transaction.
 */
final class MessageSequencer implements Processor<String, byte[], String, Object> {

	private static final Logger logger = LoggerFactory.getLogger(MessageSequencer.class);

	private static final EventSerde<MessageSubmitted> SUBMITTED = EventSerde.of(MessageSubmitted.class);

	private final RoomDirectory directory;

	private final HeadSigner signer;

	private final SequencerSettings settings;

	private final SequencerMetrics metrics;

	private ProcessorContext<String, Object> context;

	private SequencerStore store;

	MessageSequencer(RoomDirectory directory, HeadSigner signer, SequencerSettings settings, SequencerMetrics metrics) {
		this.directory = directory;
		this.signer = signer;
		this.settings = settings;
		this.metrics = metrics;
	}

	@Override
	public void init(ProcessorContext<String, Object> context) {
		this.context = context;
		this.store = new SequencerStore(context);
		context.schedule(this.settings.signEvery(), PunctuationType.WALL_CLOCK_TIME, this::signMovedHeads);
	}

	@Override
	public void process(Record<String, byte[]> record) {
		try {
			order(record);
		}
		finally {
			// the ids of the message being ordered, for every log line meanwhile
			MDC.remove("roomId");
			MDC.remove("messageId");
			MDC.remove("userId");
		}
	}

	private void order(Record<String, byte[]> record) {
		MessageSubmitted submitted;
		try {
			submitted = read(record);
		}
		catch (PoisonRecordException ex) {
			deadLetter(record, ex.getMessage());
			return;
		}
		MDC.put("roomId", submitted.roomId());
		MDC.put("messageId", submitted.messageId());
		MDC.put("userId", submitted.senderId());
		if (this.store.ordered(submitted.roomId(), submitted.messageId())) {
			this.metrics.duplicate();
			return;
		}
		if (submitted.effectiveType().isMembership()) {
			awaitDirectory(submitted);
		}
		else if (!accepts(record, submitted)) {
			return;
		}
		PostedMessage target = null;
		if (submitted.effectiveType().changesMessage()) {
			target = changeable(record, submitted);
			if (target == null) {
				return;
			}
		}
		RoomState last = this.store.room(submitted.roomId());
		long seq = (last != null) ? last.lastSeq() + 1 : 1;
		String prevHash = (last != null) ? last.lastHash() : HashChain.GENESIS;
		RoomEvent.Type type = submitted.effectiveType();
		boolean membership = type.isMembership();
		boolean hasText = type == RoomEvent.Type.MESSAGE || type == RoomEvent.Type.EDIT;
		RoomEvent unhashed = new RoomEvent(RoomEvent.SCHEMA_VERSION, null, Instant.ofEpochMilli(record.timestamp()),
				type, submitted.roomId(), seq, submitted.messageId(), submitted.senderId(), submitted.senderName(),
				hasText ? submitted.text() : null, submitted.occurredAt(), prevHash, null,
				membership ? submitted.memberId() : null, membership ? submitted.memberName() : null,
				type.changesMessage() ? submitted.targetSeq() : null);
		RoomEvent event = hashed(unhashed, HashChain.hash(prevHash, unhashed));
		RoomState state = new RoomState(seq, event.hash(), (last != null) ? last.signedSeq() : 0);
		this.store.putOrdered(submitted.roomId(), submitted.messageId(), seq);
		if (type == RoomEvent.Type.MESSAGE) {
			this.store.putPosted(submitted.roomId(), seq,
					new PostedMessage(submitted.senderId(), submitted.occurredAt(), false));
		}
		else if (type == RoomEvent.Type.DELETE) {
			this.store.putPosted(submitted.roomId(), submitted.targetSeq(), target.asDeleted());
		}
		this.context.forward(record.withKey(submitted.roomId()).<Object>withValue(event));
		if (seq - state.signedSeq() >= this.settings.signEveryEvents()) {
			state = sign(state, submitted.roomId(), event.occurredAt());
		}
		this.store.putRoom(submitted.roomId(), state);
		if (membership) {
			this.metrics.membershipRecorded();
		}
		else if (type.changesMessage()) {
			this.metrics.changed(type);
		}
		else {
			this.metrics.accepted();
		}
	}

	/**
	 * Whether a message, an edit or a deletion may be ordered: its sender is a member and
	 * its text fits; a rejection is told to the sender.
	 */
	private boolean accepts(Record<String, byte[]> record, MessageSubmitted submitted) {
		if (!this.directory.awaitMember(submitted.roomId(), submitted.senderId(), this.settings.membershipWait())) {
			reject(record, submitted, Reason.NOT_A_MEMBER, "You are not a member of this room");
			return false;
		}
		if (submitted.effectiveType() != RoomEvent.Type.DELETE && !MessageText.isValid(submitted.text())) {
			reject(record, submitted, Reason.INVALID_TEXT, "The " + MessageText.RULE);
			return false;
		}
		return true;
	}

	/**
	 * The message an edit or deletion changes, when its sender may change it; otherwise
	 * {@code null}, and the rejection is told to the sender. The edit window runs from
	 * the message's gateway time to the edit's, both from the records, so a retry decides
	 * the same.
	 */
	private PostedMessage changeable(Record<String, byte[]> record, MessageSubmitted submitted) {
		PostedMessage target = this.store.posted(submitted.roomId(), submitted.targetSeq());
		if (target == null) {
			reject(record, submitted, Reason.NO_SUCH_MESSAGE,
					"There is no message " + submitted.targetSeq() + " in this room to change");
			return null;
		}
		if (!target.senderId().equals(submitted.senderId())) {
			reject(record, submitted, Reason.NOT_THE_SENDER, "Only its sender can edit or delete a message");
			return null;
		}
		if (target.deleted()) {
			reject(record, submitted, Reason.MESSAGE_DELETED, "The message was deleted");
			return null;
		}
		if (submitted.effectiveType() == RoomEvent.Type.EDIT
				&& submitted.occurredAt().isAfter(target.sentAt().plus(this.settings.editWindow()))) {
			reject(record, submitted, Reason.EDIT_WINDOW_CLOSED,
					"A message can be edited for " + readable(this.settings.editWindow()) + " after it was sent");
			return null;
		}
		return target;
	}

	private static String readable(Duration duration) {
		if (duration.toMinutes() % 60 == 0 && duration.toHours() > 0) {
			return duration.toHours() + " h";
		}
		return (duration.toSeconds() % 60 == 0) ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
	}

	/**
	 * account-service publishes a removal's snapshot before it submits the removal: once
	 * the directory holds that snapshot, no message of the removed member is ordered
	 * after the removal. Waits a bounded time, as for a member.
	 */
	private void awaitDirectory(MessageSubmitted submitted) {
		RoomEvent.Type type = submitted.effectiveType();
		if ((type == RoomEvent.Type.MEMBER_REMOVED || type == RoomEvent.Type.MEMBER_LEFT) && submitted.roomVersion() > 0
				&& !this.directory.awaitVersion(submitted.roomId(), submitted.roomVersion(),
						this.settings.membershipWait())) {
			logger.warn("Room {} version {} not in the directory yet while ordering {} of {}", submitted.roomId(),
					submitted.roomVersion(), type, submitted.memberId());
		}
	}

	private RoomState sign(RoomState state, String roomId, Instant at) {
		ChainHeadSigned head = this.signer.sign(roomId, state.lastSeq(), state.lastHash(), at);
		this.context.forward(new Record<String, Object>(roomId, head, at.toEpochMilli()));
		this.metrics.headSigned();
		return state.signed();
	}

	/**
	 * Signs the head of every room of this task that moved since its last signature.
	 */
	private void signMovedHeads(long timestamp) {
		Instant at = Instant.ofEpochMilli(timestamp);
		for (KeyValue<String, RoomState> room : this.store.rooms()) {
			if (room.value.unsigned()) {
				this.store.putRoom(room.key, sign(room.value, room.key, at));
			}
		}
	}

	private MessageSubmitted read(Record<String, byte[]> record) {
		if (record.value() == null) {
			throw new PoisonRecordException("A null value is not a MessageSubmitted");
		}
		MessageSubmitted submitted;
		try {
			submitted = SUBMITTED.deserialize(null, record.value());
		}
		catch (SerializationException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new PoisonRecordException("Not a MessageSubmitted: " + cause.getMessage());
		}
		if (submitted.messageId() == null || submitted.roomId() == null || submitted.senderId() == null
				|| submitted.senderName() == null || submitted.occurredAt() == null) {
			throw new PoisonRecordException(
					"A MessageSubmitted without messageId, roomId, senderId, senderName or occurredAt");
		}
		if (submitted.effectiveType().isMembership()) {
			if (submitted.memberId() == null || submitted.memberName() == null) {
				throw new PoisonRecordException("A membership change without memberId or memberName");
			}
		}
		else if (submitted.effectiveType().changesMessage()
				&& (submitted.targetSeq() == null || submitted.targetSeq() < 1)) {
			throw new PoisonRecordException("An edit or deletion without a targetSeq");
		}
		else if (submitted.text() == null && submitted.effectiveType() != RoomEvent.Type.DELETE) {
			throw new PoisonRecordException("A message without text");
		}
		// a room's state lives in the task of the key's partition: a value for another
		// room would be ordered by a task that does not own that room
		if (!submitted.roomId().equals(record.key())) {
			throw new PoisonRecordException(
					"Key " + record.key() + " is not the roomId " + submitted.roomId() + " of the message");
		}
		return submitted;
	}

	private void reject(Record<String, byte[]> record, MessageSubmitted submitted, Reason reason, String message) {
		MessageRejected rejected = new MessageRejected(MessageRejected.SCHEMA_VERSION,
				derivedId("rejected", submitted.roomId(), submitted.messageId()),
				Instant.ofEpochMilli(record.timestamp()), submitted.senderId(), submitted.roomId(),
				submitted.messageId(), reason, message);
		this.context.forward(record.withKey(submitted.senderId()).<Object>withValue(rejected));
		this.metrics.rejected(reason);
	}

	private void deadLetter(Record<String, byte[]> record, String reason) {
		Record<String, byte[]> copy = record.withHeaders(new RecordHeaders(record.headers().toArray()));
		this.context.recordMetadata()
			.ifPresent((metadata) -> DeadLetters.headers(copy.headers(), metadata.topic(), metadata.partition(),
					metadata.offset(), reason));
		this.context.forward(copy.<Object>withValue(new DeadLetter(record.value(), reason)));
		this.metrics.deadLettered();
	}

	private static String derivedId(String kind, String roomId, String discriminator) {
		return UUID.nameUUIDFromBytes(bytes(kind + ":" + SequencerStore.key(roomId, discriminator))).toString();
	}

	/**
	 * The event with its hash, and an id taken from the hash: unique per event (the hash
	 * covers the room, seq and prevHash) and the same when a retry orders it again.
	 */
	private static RoomEvent hashed(RoomEvent event, String hash) {
		String eventId = hash.substring(0, 8) + "-" + hash.substring(8, 12) + "-8" + hash.substring(13, 16) + "-a"
				+ hash.substring(17, 20) + "-" + hash.substring(20, 32);
		return event.withIdAndHash(eventId, hash);
	}

	private static byte[] bytes(String value) {
		return (value != null) ? value.getBytes(StandardCharsets.UTF_8) : new byte[0];
	}

	/**
	 * What the sequencer needs to know.
	 *
	 * @param membershipWait how long to wait for the directory before refusing
	 * @param signEveryEvents sign a room's head after this many events at the latest
	 * @param signEvery sign every moved head this often
	 * @param editWindow how long after sending a message may be edited
	 */
	record SequencerSettings(Duration membershipWait, int signEveryEvents, Duration signEvery, Duration editWindow) {

	}

	private static final class PoisonRecordException extends RuntimeException {

		PoisonRecordException(String message) {
			super(message, null, false, false);
		}

	}

}
