package dev.roomcast.account.read;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import dev.roomcast.events.RoomRead;
import org.bson.Document;

import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Read state in MongoDB: {@value #READ_STATES} holds each user's {@code readSeq} per room
 * (id {@code userId:roomId}), {@value #ROOM_SEQS} each room's {@code lastSeq}. Both only
 * move forward ({@code $max}), so marks that arrive late or twice change nothing.
 */
@Component
public class ReadStates {

	static final String READ_STATES = "read_states";

	static final String ROOM_SEQS = "room_seqs";

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
	 * Moves the marks of a batch of room events forward, in two bulk writes.
	 * @param lastSeqs the highest seq per room
	 * @param readSeqs the highest seq per {@code userId:roomId} the user read by acting
	 */
	void advance(Map<String, Long> lastSeqs, Map<ReadKey, Long> readSeqs) {
		if (!lastSeqs.isEmpty()) {
			BulkOperations rooms = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, ROOM_SEQS);
			lastSeqs.forEach((roomId, seq) -> rooms.upsert(byId(roomId), new Update().max("lastSeq", seq)));
			rooms.execute();
		}
		if (!readSeqs.isEmpty()) {
			BulkOperations reads = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, READ_STATES);
			readSeqs.forEach((key, seq) -> reads.upsert(byId(RoomRead.key(key.userId(), key.roomId())),
					readUpdate(key.userId(), key.roomId(), seq)));
			reads.execute();
		}
	}

	/**
	 * Each room's progress for one user.
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
		Map<String, RoomProgress> progress = new HashMap<>();
		roomIds.forEach((roomId) -> progress.put(roomId,
				new RoomProgress(last.getOrDefault(roomId, 0L), read.getOrDefault(roomId, 0L))));
		return progress;
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
