package dev.roomcast.chat.message;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.roomcast.events.EventSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Everything the sequencer keeps, in one RocksDB store with one changelog: each room's
 * {@link RoomState}, every messageId ever ordered (with its seq, kept for good: a
 * repeated messageId is dropped forever) and each message's {@link PostedMessage} (who
 * may edit or delete it, until when). A message's records all go to one partition of one
 * changelog, so a transaction appends to two partitions per room partition (this
 * changelog and {@code chat.room-events}) instead of four (docs/decisions.md).
 *
 * <p>
 * Keys carry their kind in their first character ({@code r} room, {@code i} messageId,
 * {@code p} posted message). Releases before kept the three in stores of their own; those
 * stay attached and are read when this one lacks a key, so an instance upgraded with
 * state continues its rooms' chains and still drops their old messageIds. Nothing is
 * written to them any more: on a fresh install they stay empty.
 */
final class SequencerStore {

	static final String NAME = "sequencer-state";

	/** roomId → {@link RoomState} (releases before this store). */
	static final String LEGACY_ROOM_STATES = "room-state";

	/** roomId + messageId → seq (releases before this store). */
	static final String LEGACY_MESSAGE_IDS = "room-message-ids";

	/** roomId + seq → {@link PostedMessage} (releases before this store). */
	static final String LEGACY_MESSAGES = "room-messages";

	private static final EventSerde<RoomState> ROOM_STATE = EventSerde.of(RoomState.class);

	private static final EventSerde<PostedMessage> POSTED = EventSerde.of(PostedMessage.class);

	private static final Serializer<Long> SEQ = Serdes.Long().serializer();

	private static final String ROOM = "r";

	private static final String MESSAGE_ID = "i";

	private static final String POSTED_MESSAGE = "p";

	private final KeyValueStore<String, byte[]> store;

	private final KeyValueStore<String, RoomState> legacyRooms;

	/** {@code null} once found empty. */
	private KeyValueStore<String, Long> legacyMessageIds;

	/** {@code null} once found empty. */
	private KeyValueStore<String, PostedMessage> legacyMessages;

	private boolean legacyChecked;

	SequencerStore(ProcessorContext<?, ?> context) {
		this.store = context.getStateStore(NAME);
		this.legacyRooms = context.getStateStore(LEGACY_ROOM_STATES);
		this.legacyMessageIds = context.getStateStore(LEGACY_MESSAGE_IDS);
		this.legacyMessages = context.getStateStore(LEGACY_MESSAGES);
	}

	/**
	 * The stores to add to the topology: this one, uncached (a cache would hold its
	 * records until the commit, when its changelog's partitions would join the
	 * transaction while the stream thread waits), and the three of earlier releases.
	 * @return the store builders
	 */
	static List<StoreBuilder<?>> builders() {
		return List.of(
				Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NAME), Serdes.String(), Serdes.ByteArray()),
				Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LEGACY_ROOM_STATES), Serdes.String(),
						ROOM_STATE),
				Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LEGACY_MESSAGE_IDS), Serdes.String(),
						Serdes.Long()),
				Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LEGACY_MESSAGES), Serdes.String(), POSTED));
	}

	RoomState room(String roomId) {
		return read(ROOM + roomId, ROOM_STATE, this.legacyRooms, roomId);
	}

	void putRoom(String roomId, RoomState state) {
		this.store.put(ROOM + roomId, ROOM_STATE.serialize(null, state));
	}

	/**
	 * Every room of this partition with its state.
	 * @return the rooms and their states
	 */
	List<KeyValue<String, RoomState>> rooms() {
		List<KeyValue<String, RoomState>> rooms = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		try (KeyValueIterator<String, byte[]> all = this.store.prefixScan(ROOM, new StringSerializer())) {
			all.forEachRemaining((entry) -> {
				String roomId = entry.key.substring(ROOM.length());
				seen.add(roomId);
				rooms.add(KeyValue.pair(roomId, ROOM_STATE.deserialize(null, entry.value)));
			});
		}
		try (KeyValueIterator<String, RoomState> legacy = this.legacyRooms.all()) {
			legacy.forEachRemaining((entry) -> {
				if (entry.value != null && !seen.contains(entry.key)) {
					rooms.add(entry);
				}
			});
		}
		return rooms;
	}

	boolean ordered(String roomId, String messageId) {
		forgetEmptyLegacyStores();
		String key = key(roomId, messageId);
		return this.store.get(MESSAGE_ID + key) != null
				|| (this.legacyMessageIds != null && this.legacyMessageIds.get(key) != null);
	}

	void putOrdered(String roomId, String messageId, long seq) {
		this.store.put(MESSAGE_ID + key(roomId, messageId), SEQ.serialize(null, seq));
	}

	PostedMessage posted(String roomId, long seq) {
		forgetEmptyLegacyStores();
		String key = key(roomId, Long.toString(seq));
		return read(POSTED_MESSAGE + key, POSTED, this.legacyMessages, key);
	}

	void putPosted(String roomId, long seq, PostedMessage message) {
		this.store.put(POSTED_MESSAGE + key(roomId, Long.toString(seq)), POSTED.serialize(null, message));
	}

	private <T> T read(String key, EventSerde<T> serde, KeyValueStore<String, T> legacy, String legacyKey) {
		byte[] value = this.store.get(key);
		if (value != null) {
			return serde.deserialize(null, value);
		}
		return (legacy != null) ? legacy.get(legacyKey) : null;
	}

	/**
	 * Drops the old stores that are empty (those of every fresh install) from the
	 * look-ups, once: at the first record, when they are restored; nothing writes to them
	 * any more.
	 */
	private void forgetEmptyLegacyStores() {
		if (!this.legacyChecked) {
			this.legacyChecked = true;
			this.legacyMessageIds = nullIfEmpty(this.legacyMessageIds);
			this.legacyMessages = nullIfEmpty(this.legacyMessages);
		}
	}

	private static <T> KeyValueStore<String, T> nullIfEmpty(KeyValueStore<String, T> store) {
		try (KeyValueIterator<String, T> all = store.all()) {
			return all.hasNext() ? store : null;
		}
	}

	static String key(String roomId, String discriminator) {
		// length-prefixed, so no roomId/discriminator pair collides with another
		return roomId.length() + ":" + roomId + discriminator;
	}

}
