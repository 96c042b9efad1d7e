package dev.roomcast.persistence.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Updates;
import dev.roomcast.events.RoomEvent;
import org.bson.Document;
import org.bson.conversions.Bson;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Repository;

/**
 * The {@code messages} collection: idempotent inserts of room events, the edits and
 * deletions they make to earlier messages, and seq-ordered pages of a room.
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
				applyChanges(this.mongo.getCollection(rebuilding.collection()),
						events.stream().filter(rebuilding::covers).toList());
			}
		}
		MongoCollection<Document> active = this.mongo.getCollection(collectionName());
		int stored = insertNew(active, documents);
		applyChanges(active, events);
		return stored;
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
		int stored = insertNew(this.mongo.getCollection(collection), documents);
		applyChanges(this.mongo.getCollection(collection), events);
		return stored;
	}

	/**
	 * Applies the edits and deletions among the events to their target messages, in seq
	 * order, after the events themselves are stored. Idempotent, so a redelivered batch
	 * changes nothing twice: an edit applies only to a message that is not deleted and
	 * not changed by a later edit; a deletion removes the text of the message and of its
	 * edits.
	 */
	private static void applyChanges(MongoCollection<Document> collection, List<RoomEvent> events) {
		for (RoomEvent event : events) {
			if (event.type() == RoomEvent.Type.EDIT && event.targetSeq() != null) {
				collection.updateOne(
						Filters.and(target(event), Filters.ne("deleted", true),
								Filters.or(Filters.exists("editSeq", false), Filters.lt("editSeq", event.seq()))),
						Updates.combine(Updates.set("text", event.text()),
								Updates.set("editedAt", Date.from(event.occurredAt())),
								Updates.set("editSeq", event.seq())));
			}
			else if (event.type() == RoomEvent.Type.DELETE && event.targetSeq() != null) {
				collection.updateOne(target(event),
						Updates.combine(Updates.set("deleted", true), Updates.unset("text")));
				collection.updateMany(Filters.and(Filters.eq("roomId", event.roomId()),
						Filters.eq("type", RoomEvent.Type.EDIT.name()), Filters.eq("targetSeq", event.targetSeq())),
						Updates.combine(Updates.set("deleted", true), Updates.unset("text")));
			}
		}
	}

	private static Bson target(RoomEvent change) {
		return Filters.and(Filters.eq("roomId", change.roomId()), Filters.eq("seq", change.targetSeq()),
				Filters.eq("type", RoomEvent.Type.MESSAGE.name()));
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
	List<MessageDocument> findAfter(String roomId, long afterSeq, int limit) {
		Query query = Query.query(Criteria.where("roomId").is(roomId).and("seq").gt(afterSeq))
			.with(Sort.by(Sort.Direction.ASC, "seq"))
			.limit(limit);
		return this.mongo.find(query, MessageDocument.class, collectionName());
	}

	/**
	 * Up to {@code limit} events before a seq ({@link Long#MAX_VALUE} for the latest),
	 * ascending.
	 * @param roomId the room
	 * @param beforeSeq the seq to end before
	 * @param limit the page size
	 * @return the page
	 */
	List<MessageDocument> findBefore(String roomId, long beforeSeq, int limit) {
		Query query = Query.query(Criteria.where("roomId").is(roomId).and("seq").lt(beforeSeq))
			.with(Sort.by(Sort.Direction.DESC, "seq"))
			.limit(limit);
		List<MessageDocument> page = new ArrayList<>(this.mongo.find(query, MessageDocument.class, collectionName()));
		Collections.reverse(page);
		return page;
	}

	/**
	 * Every stored event of a room, ascending.
	 * @param roomId the room
	 * @return the events
	 */
	public List<RoomEvent> findAll(String roomId) {
		return this.mongo.find(allOf(roomId), MessageDocument.class, collectionName())
			.stream()
			.map(MessageDocument::toEvent)
			.toList();
	}

	/**
	 * The seqs of a room whose stored fields an edit or deletion changed.
	 * @param roomId the room
	 * @return the seqs
	 */
	public java.util.Set<Long> findChangedSeqs(String roomId) {
		return this.mongo.find(allOf(roomId), MessageDocument.class, collectionName())
			.stream()
			.filter(MessageDocument::changed)
			.map(MessageDocument::seq)
			.collect(java.util.stream.Collectors.toSet());
	}

	private static Query allOf(String roomId) {
		return Query.query(Criteria.where("roomId").is(roomId)).with(Sort.by(Sort.Direction.ASC, "seq"));
	}

}
