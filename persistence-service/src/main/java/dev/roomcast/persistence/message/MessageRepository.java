package dev.roomcast.persistence.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.mongodb.bulk.BulkWriteResult;
import dev.roomcast.events.RoomEvent;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * The {@code messages} collection: idempotent bulk writes of room events and seq-ordered
 * pages of a room.
 */
@Repository
public class MessageRepository {

	private final MongoTemplate mongo;

	MessageRepository(MongoTemplate mongo) {
		this.mongo = mongo;
		this.mongo.indexOps(MessageDocument.class)
			.createIndex(new Index().on("roomId", Sort.Direction.ASC)
				.on("seq", Sort.Direction.ASC)
				.unique()
				.named("roomId_seq"));
	}

	/**
	 * Stores events that are not stored yet, in one bulk write. Each is an upsert on
	 * (roomId, seq) that only sets fields on insert, so a redelivered event writes
	 * nothing, and no transaction is needed.
	 * @param events the events
	 * @return how many were new
	 */
	public int storeAll(List<RoomEvent> events) {
		if (events.isEmpty()) {
			return 0;
		}
		BulkOperations bulk = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, MessageDocument.class);
		for (RoomEvent event : events) {
			bulk.upsert(Query.query(Criteria.where("roomId").is(event.roomId()).and("seq").is(event.seq())),
					new Update().setOnInsert("eventId", event.eventId())
						.setOnInsert("type", event.type().name())
						.setOnInsert("messageId", event.messageId())
						.setOnInsert("senderId", event.senderId())
						.setOnInsert("senderName", event.senderName())
						.setOnInsert("text", event.text())
						.setOnInsert("sentAt", event.sentAt().toString())
						.setOnInsert("occurredAt", event.occurredAt())
						.setOnInsert("prevHash", event.prevHash())
						.setOnInsert("hash", event.hash()));
		}
		BulkWriteResult result = bulk.execute();
		return result.getUpserts().size();
	}

	/**
	 * Up to {@code limit} events after a seq, ascending.
	 * @param roomId the room
	 * @param afterSeq the seq to start after
	 * @param limit the page size
	 * @return the page
	 */
	List<RoomEvent> findAfter(String roomId, long afterSeq, int limit) {
		Query query = Query.query(Criteria.where("roomId").is(roomId).and("seq").gt(afterSeq))
			.with(Sort.by(Sort.Direction.ASC, "seq"))
			.limit(limit);
		return this.mongo.find(query, MessageDocument.class).stream().map(MessageDocument::toEvent).toList();
	}

	/**
	 * Up to {@code limit} events before a seq ({@link Long#MAX_VALUE} for the latest),
	 * ascending.
	 * @param roomId the room
	 * @param beforeSeq the seq to end before
	 * @param limit the page size
	 * @return the page
	 */
	List<RoomEvent> findBefore(String roomId, long beforeSeq, int limit) {
		Query query = Query.query(Criteria.where("roomId").is(roomId).and("seq").lt(beforeSeq))
			.with(Sort.by(Sort.Direction.DESC, "seq"))
			.limit(limit);
		List<RoomEvent> page = new ArrayList<>(
				this.mongo.find(query, MessageDocument.class).stream().map(MessageDocument::toEvent).toList());
		Collections.reverse(page);
		return page;
	}

	/**
	 * Every stored event of a room, ascending.
	 * @param roomId the room
	 * @return the events
	 */
	public List<RoomEvent> findAll(String roomId) {
		Query query = Query.query(Criteria.where("roomId").is(roomId)).with(Sort.by(Sort.Direction.ASC, "seq"));
		return this.mongo.find(query, MessageDocument.class).stream().map(MessageDocument::toEvent).toList();
	}

}
