package dev.roomcast.account.read;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.roomcast.events.RoomRead;
import org.bson.Document;

import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Read state in MongoDB: {@value #READ_STATES} holds each user's {@code readSeq} per room
 * (id {@code userId:roomId}), {@value #ROOM_SEQS} each room's {@code lastSeq}, and
 * {@value #ROOM_SKIPPED_SEQS} the seqs of each room that are not chat messages (id
 * {@code roomId:seq}). Marks only move forward ({@code $max}) and skipped seqs are
 * upserted by id, so events and marks that arrive late or twice change nothing. A user's
 * unread count is the number of chat messages after their {@code readSeq}: {@code lastSeq
 * - readSeq} less the skipped seqs in between (none of their own messages is after it: a
 * sender has read the room up to their message).
 */
@Component
public class ReadStates {

	static final String READ_STATES = "read_states";

	static final String ROOM_SEQS = "room_seqs";

	static final String ROOM_SKIPPED_SEQS = "room_skipped_seqs";

	private final MongoTemplate mongo;

	ReadStates(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * Moves a user's read mark of a room forward.
	 * @param userId the reader
	 * @param roomId the room
	 * @param seq the seq read
	 * @return whether the mark moved (it was lower or absent)
	 */
	boolean markRead(String userId, String roomId, long seq) {
		Document before = this.mongo.findAndModify(byId(RoomRead.key(userId, roomId)), readUpdate(userId, roomId, seq),
				FindAndModifyOptions.options().upsert(true).returnNew(false), Document.class, READ_STATES);
		return before == null || number(before, "readSeq") < seq;
	}

	/**
	 * Stores what a batch of room events taught: the skipped seqs first, then the read
	 * marks, then the rooms' {@code lastSeq}, so that {@link #of}, which reads in the
	 * opposite order, never counts a skipped seq or the reader's own message as unread.
	 * The marks of membership changes' members are moved one by one, to learn whether
	 * they moved.
	 * @param batch the batch
	 * @return the marks of members that moved, with their new seq
	 */
	Map<ReadKey, Long> advance(RoomLogBatch batch) {
		if (!batch.skipped.isEmpty()) {
			BulkOperations skipped = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, ROOM_SKIPPED_SEQS);
			batch.skipped.forEach((seq) -> skipped.upsert(byId(seq.roomId() + ":" + seq.seq()),
					new Update().setOnInsert("roomId", seq.roomId()).setOnInsert("seq", seq.seq())));
			skipped.execute();
		}
		Map<ReadKey, Long> moved = new HashMap<>();
		BulkOperations reads = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, READ_STATES);
		int quiet = 0;
		for (Map.Entry<ReadKey, Long> mark : batch.readSeqs.entrySet()) {
			ReadKey key = mark.getKey();
			if (batch.members.contains(key)) {
				if (markRead(key.userId(), key.roomId(), mark.getValue())) {
					moved.put(key, mark.getValue());
				}
			}
			else {
				reads.upsert(byId(RoomRead.key(key.userId(), key.roomId())),
						readUpdate(key.userId(), key.roomId(), mark.getValue()));
				quiet++;
			}
		}
		if (quiet > 0) {
			reads.execute();
		}
		BulkOperations rooms = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, ROOM_SEQS);
		batch.lastSeqs.forEach((roomId, seq) -> rooms.upsert(byId(roomId), new Update().max("lastSeq", seq)));
		rooms.execute();
		return moved;
	}

	/**
	 * Each room's progress for one user. Reads {@code lastSeq} first, then the marks,
	 * then the skipped seqs up to that {@code lastSeq} (see {@link #advance}).
	 * @param userId the user
	 * @param roomIds the user's rooms
	 * @return the progress per room id; {@link RoomProgress#NONE} parts where nothing is
	 * known
	 */
	public Map<String, RoomProgress> of(String userId, Collection<String> roomIds) {
		Map<String, Long> last = new HashMap<>();
		this.mongo.find(Query.query(Criteria.where("_id").in(roomIds)), Document.class, ROOM_SEQS)
			.forEach((room) -> last.put(room.getString("_id"), number(room, "lastSeq")));
		Map<String, Long> read = new HashMap<>();
		this.mongo
			.find(Query.query(Criteria.where("userId").is(userId).and("roomId").in(roomIds)), Document.class,
					READ_STATES)
			.forEach((state) -> read.put(state.getString("roomId"), number(state, "readSeq")));
		Map<String, Long> skipped = skippedBetween(read, last);
		Map<String, RoomProgress> progress = new HashMap<>();
		roomIds.forEach((roomId) -> {
			long lastSeq = last.getOrDefault(roomId, 0L);
			long readSeq = read.getOrDefault(roomId, 0L);
			long unread = Math.max(0, lastSeq - readSeq - skipped.getOrDefault(roomId, 0L));
			progress.put(roomId, new RoomProgress(lastSeq, readSeq, unread));
		});
		return progress;
	}

	/** The number of skipped seqs after each room's read mark, up to its last seq. */
	private Map<String, Long> skippedBetween(Map<String, Long> read, Map<String, Long> last) {
		List<Criteria> ranges = new ArrayList<>();
		last.forEach((roomId, lastSeq) -> {
			long readSeq = read.getOrDefault(roomId, 0L);
			if (lastSeq > readSeq) {
				ranges.add(Criteria.where("roomId").is(roomId).and("seq").gt(readSeq).lte(lastSeq));
			}
		});
		Map<String, Long> skipped = new HashMap<>();
		if (ranges.isEmpty()) {
			return skipped;
		}
		Aggregation count = Aggregation.newAggregation(Aggregation.match(new Criteria().orOperator(ranges)),
				Aggregation.group("roomId").count().as("skipped"));
		this.mongo.aggregate(count, ROOM_SKIPPED_SEQS, Document.class)
			.forEach((room) -> skipped.put(room.getString("_id"), number(room, "skipped")));
		return skipped;
	}

	private static Query byId(String id) {
		return Query.query(Criteria.where("_id").is(id));
	}

	private static Update readUpdate(String userId, String roomId, long seq) {
		return new Update().max("readSeq", seq).setOnInsert("userId", userId).setOnInsert("roomId", roomId);
	}

	private static long number(Document document, String field) {
		Object value = document.get(field);
		return (value instanceof Number number) ? number.longValue() : 0;
	}

	/** A user's read mark of one room. */
	record ReadKey(String userId, String roomId) {
	}

}
