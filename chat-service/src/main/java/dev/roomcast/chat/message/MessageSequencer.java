package dev.roomcast.chat.message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

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
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.MDC;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Orders one room's submitted messages: checks the sender and the text, drops a repeated
 * messageId for good, assigns the next seq and chains the hash. Forwards a
 * {@link RoomEvent} (key roomId), a {@link MessageRejected} (key userId) or a
 * {@link DeadLetter} (key as it came).
 *
 * <p>
 * Everything it reads and writes (both stores, its outputs, the input offset) commits in
 * one Kafka transaction ({@code exactly_once_v2}): after a crash the stores are restored
 * to the last commit and the uncommitted inputs are processed again, so a seq is never
 * skipped nor given twice. An outcome depends only on the stores and the input record
 * (times come from the record's timestamp, an event's id from its hash), so the retry of
 * an aborted transaction forwards the very same events again: the gateways, which read
 * {@code chat.room-events} uncommitted to deliver without waiting for the commit, rely on
 * that. Poison records are caught here rather than by a deserialization exception handler
 * so that their dead-lettering is part of that same transaction.
 */
final class MessageSequencer implements Processor<String, byte[], String, Object> {

	private static final EventSerde<MessageSubmitted> SUBMITTED = EventSerde.of(MessageSubmitted.class);

	private final RoomDirectory directory;

	private final SequencerSettings settings;

	private final SequencerMetrics metrics;

	private ProcessorContext<String, Object> context;

	private KeyValueStore<String, RoomState> rooms;

	private KeyValueStore<String, Long> messageIds;

	MessageSequencer(RoomDirectory directory, SequencerSettings settings, SequencerMetrics metrics) {
		this.directory = directory;
		this.settings = settings;
		this.metrics = metrics;
	}

	@Override
	public void init(ProcessorContext<String, Object> context) {
		this.context = context;
		this.rooms = context.getStateStore(OrderingTopology.ROOM_STATE_STORE);
		this.messageIds = context.getStateStore(OrderingTopology.MESSAGE_ID_STORE);
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
		String idKey = messageIdKey(submitted.roomId(), submitted.messageId());
		if (this.messageIds.get(idKey) != null) {
			this.metrics.duplicate();
			return;
		}
		if (!this.directory.awaitMember(submitted.roomId(), submitted.senderId(), this.settings.membershipWait())) {
			reject(record, submitted, Reason.NOT_A_MEMBER, "You are not a member of this room");
			return;
		}
		if (!MessageText.isValid(submitted.text())) {
			reject(record, submitted, Reason.INVALID_TEXT, "The " + MessageText.RULE);
			return;
		}
		RoomState last = this.rooms.get(submitted.roomId());
		long seq = (last != null) ? last.lastSeq() + 1 : 1;
		String prevHash = (last != null) ? last.lastHash() : HashChain.GENESIS;
		RoomEvent unhashed = new RoomEvent(RoomEvent.SCHEMA_VERSION, null, Instant.ofEpochMilli(record.timestamp()),
				RoomEvent.Type.MESSAGE, submitted.roomId(), seq, submitted.messageId(), submitted.senderId(),
				submitted.senderName(), submitted.text(), submitted.occurredAt(), prevHash, null);
		RoomEvent event = hashed(unhashed, HashChain.hash(prevHash, unhashed));
		this.rooms.put(submitted.roomId(), new RoomState(seq, event.hash()));
		this.messageIds.put(idKey, seq);
		this.context.forward(record.withKey(submitted.roomId()).<Object>withValue(event));
		this.metrics.accepted();
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
				|| submitted.senderName() == null || submitted.text() == null || submitted.occurredAt() == null) {
			throw new PoisonRecordException(
					"A MessageSubmitted without messageId, roomId, senderId, senderName, text or occurredAt");
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

	static String messageIdKey(String roomId, String messageId) {
		// length-prefixed, so no roomId/messageId pair collides with another
		return roomId.length() + ":" + roomId + messageId;
	}

	private static String derivedId(String kind, String roomId, String discriminator) {
		return UUID.nameUUIDFromBytes(bytes(kind + ":" + messageIdKey(roomId, discriminator))).toString();
	}

	/**
	 * The event with its hash, and an id taken from the hash: unique per event (the hash
	 * covers the room, seq and prevHash) and the same when a retry orders it again.
	 */
	private static RoomEvent hashed(RoomEvent event, String hash) {
		String eventId = hash.substring(0, 8) + "-" + hash.substring(8, 12) + "-8" + hash.substring(13, 16) + "-a"
				+ hash.substring(17, 20) + "-" + hash.substring(20, 32);
		return new RoomEvent(event.schemaVersion(), eventId, event.occurredAt(), event.type(), event.roomId(),
				event.seq(), event.messageId(), event.senderId(), event.senderName(), event.text(), event.sentAt(),
				event.prevHash(), hash);
	}

	private static byte[] bytes(String value) {
		return (value != null) ? value.getBytes(StandardCharsets.UTF_8) : new byte[0];
	}

	/**
	 * What the sequencer needs to know.
	 *
	 * @param membershipWait how long to wait for the directory before refusing
	 */
	record SequencerSettings(Duration membershipWait) {

	}

	private static final class PoisonRecordException extends RuntimeException {

		PoisonRecordException(String message) {
			super(message, null, false, false);
		}

	}

}
