package dev.roomcast.events;

import java.util.List;
import java.util.Map;

/**
 * The topic catalogue: every topic Roomcast reads or writes, with the settings infra
 * creates it with. Dead-letter topics are {@code <topic>-dlt}.
 */
public final class Topics {

	/**
	 * Messages submitted by clients, keyed by roomId. Written by gateway, read by
	 * chat-service.
	 */
	public static final String CHAT_INBOUND = "chat.inbound";

	/**
	 * Accepted room events, keyed by roomId, kept forever: the source of truth. Written
	 * by chat-service, read by every gateway instance and by persistence-service.
	 */
	public static final String CHAT_ROOM_EVENTS = "chat.room-events";

	/**
	 * Rejections for one user, keyed by userId. Written by chat-service, read by gateway.
	 */
	public static final String CHAT_NOTICES = "chat.notices";

	/**
	 * Signed chain heads ({@link ChainHeadSigned}), keyed by roomId, kept forever.
	 * Written by chat-service, read by auditors.
	 */
	public static final String CHAT_CHAIN_HEADS = "chat.chain-heads";

	/**
	 * Updates for one user's open clients ({@link UserUpdate}), keyed by userId. Written
	 * by account-service, read by every gateway instance.
	 */
	public static final String USER_UPDATES = "user.updates";

	/**
	 * How far each user read each room ({@link RoomRead}), keyed by
	 * {@code userId:roomId}, compacted. Written by gateway, read by account-service.
	 */
	public static final String USER_READ_STATE = "user.read-state";

	/**
	 * Presence changes ({@link PresenceChanged}), keyed by userId, compacted. Written by
	 * gateway, read by account-service.
	 */
	public static final String USER_PRESENCE = "user.presence";

	/**
	 * Room snapshots, keyed by roomId, compacted; a tombstone when a room is deleted.
	 * Written by account-service, read by every other service.
	 */
	public static final String ACCOUNT_ROOMS = "account.rooms";

	/**
	 * Partitions of the room-keyed topics: they are co-partitioned, so they must match.
	 */
	public static final int ROOM_PARTITIONS = 6;

	/** The catalogue infra creates, in order. */
	public static final List<TopicSpec> ALL = List.of(
			new TopicSpec(CHAT_INBOUND, ROOM_PARTITIONS, Map.of("retention.ms", "604800000")),
			new TopicSpec(CHAT_ROOM_EVENTS, ROOM_PARTITIONS, Map.of("retention.ms", "-1", "retention.bytes", "-1")),
			new TopicSpec(CHAT_NOTICES, 3, Map.of("retention.ms", "86400000")),
			new TopicSpec(USER_UPDATES, 3, Map.of("retention.ms", "86400000")),
			new TopicSpec(USER_READ_STATE, 3, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0")),
			new TopicSpec(USER_PRESENCE, 3, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0")),
			new TopicSpec(CHAT_CHAIN_HEADS, ROOM_PARTITIONS, Map.of("retention.ms", "-1", "retention.bytes", "-1")),
			new TopicSpec(ACCOUNT_ROOMS, ROOM_PARTITIONS,
					Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0")),
			new TopicSpec(deadLetter(CHAT_INBOUND), 1, Map.of("retention.ms", "-1")),
			new TopicSpec(deadLetter(CHAT_ROOM_EVENTS), 1, Map.of("retention.ms", "-1")),
			new TopicSpec(deadLetter(ACCOUNT_ROOMS), 1, Map.of("retention.ms", "-1")));

	private Topics() {
	}

	/**
	 * The dead-letter topic of a topic.
	 * @param topic the topic whose poison records it holds
	 * @return {@code topic + "-dlt"}
	 */
	public static String deadLetter(String topic) {
		return topic + "-dlt";
	}

	/**
	 * A topic as infra creates it.
	 *
	 * @param name the topic name
	 * @param partitions its partition count
	 * @param config topic-level configuration overrides
	 */
	public record TopicSpec(String name, int partitions, Map<String, String> config) {
	}

}
