package dev.roomcast.persistence.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import dev.roomcast.events.RoomEvent;
import org.bson.Document;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Repository;

/**
 * The {@code messages} collection: idempotent inserts of room events and seq-ordered
 * pages of a room.
 */
@Repository
public class MessageRepository {

	private static final int DUPLICATE_KEY = 11000;

	private static final InsertManyOptions UNORDERED = new InsertManyOptions().ordered(false);

	private final MongoTemplate mongo;

	private final ProjectionCollections collections;

	MessageRepository(MongoTemplate mongo) {
		this(mongo, new ProjectionCollections(mongo));
	}

	@Autowired
	MessageRepository(MongoTemplate mongo, ProjectionCollections collections) {
		this.mongo = mongo;
		this.collections = collections;
	}

	/**
	 * Stores events that are not stored yet, in one unordered insert. An event already
	 * stored (a redelivery) is refused by the unique (roomId, seq) index and counts as
	 * stored: it is never written twice nor overwritten, and no transaction is needed.
	 * Any other failure fails the whole call, so that the batch is tried again (what it
	 * inserted then counts as already stored).
	 * @param events the events
	 * @return how many were new
	 */
	public int storeAll(List<RoomEvent> events) {
		if (events.isEmpty()) {
			return 0;
		}
		List<Document> documents = new ArrayList<>(events.size());
		for (RoomEvent event : events) {
			documents.add(document(event));
		}
		ProjectionCollections.Rebuilding rebuilding = this.collections.rebuilding();
		if (rebuilding != null) {
			// the rebuild's collection first: whatever the active one holds, it holds too
			List<Document> covered = new ArrayList<>();
			for (int i = 0; i < events.size(); i++) {
				if (rebuilding.covers(events.get(i))) {
					covered.add(new Document(documents.get(i)));
				}
			}
			if (!covered.isEmpty()) {
				insertNew(this.mongo.getCollection(rebuilding.collection()), covered);
			}
		}
		return insertNew(this.mongo.getCollection(collectionName()), documents);
	}

	/**
	 * Stores events into a given collection, idempotently like {@link #storeAll}.
	 * @param collection the collection
	 * @param events the events
	 * @return how many were new
	 */
	public int storeInto(String collection, List<RoomEvent> events) {
		if (events.isEmpty()) {
			return 0;
		}
		List<Document> documents = new ArrayList<>(events.size());
		for (RoomEvent event : events) {
			documents.add(document(event));
		}
		return insertNew(this.mongo.getCollection(collection), documents);
	}

	/**
	 * The stored form of an event: {@link MessageDocument} through the mapping, without a
	 * type key; {@code _id} is left to the driver.
	 */
	Document document(RoomEvent event) {
		Document document = new Document();
		this.mongo.getConverter().write(MessageDocument.of(event), document);
		return document;
	}

	private static int insertNew(MongoCollection<Document> collection, List<Document> documents) {
		try {
			return collection.insertMany(documents, UNORDERED).getInsertedIds().size();
		}
		catch (MongoBulkWriteException ex) {
			return newlyStored(documents.size(), ex);
		}
	}

	/**
	 * How many of an unordered insert's documents were new, when it failed only on
	 * duplicates: every document without an error was inserted (mongo-java-server's own
	 * count includes the refused ones).
	 * @param attempted the documents sent
	 * @param ex the failure
	 * @return how many were inserted
	 * @throws MongoBulkWriteException the failure itself, when anything but a duplicate
	 * failed
	 */
	static int newlyStored(int attempted, MongoBulkWriteException ex) {
		if (ex.getWriteConcernError() != null
				|| !ex.getWriteErrors().stream().allMatch((error) -> error.getCode() == DUPLICATE_KEY)) {
			throw ex;
		}
		return attempted - ex.getWriteErrors().size();
	}

	/**
	 * The collection history is read from and the live projection writes to.
	 * @return its name
	 */
	public String collectionName() {
		return this.collections.active();
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
		return this.mongo.find(query, MessageDocument.class, collectionName())
			.stream()
			.map(MessageDocument::toEvent)
			.toList();
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
		List<RoomEvent> page = new ArrayList<>(this.mongo.find(query, MessageDocument.class, collectionName())
			.stream()
			.map(MessageDocument::toEvent)
			.toList());
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
		return this.mongo.find(query, MessageDocument.class, collectionName())
			.stream()
			.map(MessageDocument::toEvent)
			.toList();
	}

}
