package dev.roomcast.persistence.message;

import com.mongodb.client.MongoCollection;

import dev.roomcast.events.RoomEvent;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Which collection holds the projection, and which one a running rebuild fills: a pointer
 * document in {@code projection_state} rather than a rename (mongo-java-server has no
 * transactions, and a pointer switch is one atomic single-document write). While a
 * rebuild runs, the live projection writes each batch to the rebuild's collection first
 * and then to the active one, so nothing written meanwhile is lost by the swap.
 *
 * <p>
 * One persistence-service instance owns the projection (the listener runs with
 * concurrency 1); the pointer is read at start-up and changed only through this class.
 */
@Component
public class ProjectionCollections {

	static final String STATE = "projection_state";

	private final MongoTemplate mongo;

	private volatile String active;

	private volatile Rebuilding rebuilding;

	ProjectionCollections(MongoTemplate mongo) {
		this.mongo = mongo;
		Document pointer = state().find(Filters.eq("_id", "active")).first();
		this.active = (pointer != null) ? pointer.getString("collection") : MessageDocument.COLLECTION;
		Document rebuild = state().find(Filters.eq("_id", "rebuilding")).first();
		this.rebuilding = (rebuild != null)
				? new Rebuilding(rebuild.getString("collection"), rebuild.getString("roomId")) : null;
		createIndex(this.active);
	}

	private MongoCollection<Document> state() {
		return this.mongo.getCollection(STATE);
	}

	/**
	 * The collection history is read from.
	 * @return its name
	 */
	public String active() {
		return this.active;
	}

	/**
	 * The rebuild the live projection also writes to.
	 * @return it, or {@code null} when no rebuild runs
	 */
	public Rebuilding rebuilding() {
		return this.rebuilding;
	}

	/**
	 * Starts writing live events to a rebuild's collection too.
	 * @param collection the rebuild's collection
	 * @param roomId the room rebuilt, {@code null} for all
	 */
	public void startRebuilding(String collection, String roomId) {
		createIndex(collection);
		state().replaceOne(Filters.eq("_id", "rebuilding"),
				new Document("_id", "rebuilding").append("collection", collection).append("roomId", roomId),
				new ReplaceOptions().upsert(true));
		this.rebuilding = new Rebuilding(collection, roomId);
	}

	/**
	 * Makes a collection the active one.
	 * @param collection the collection
	 */
	public void activate(String collection) {
		state().replaceOne(Filters.eq("_id", "active"), new Document("_id", "active").append("collection", collection),
				new ReplaceOptions().upsert(true));
		this.active = collection;
	}

	/** Stops writing live events to the rebuild's collection. */
	public void stopRebuilding() {
		state().deleteOne(Filters.eq("_id", "rebuilding"));
		this.rebuilding = null;
	}

	/**
	 * Creates the unique (roomId, seq) index a projection collection needs.
	 * @param collection the collection
	 */
	public void createIndex(String collection) {
		this.mongo.getCollection(collection)
			.createIndex(Indexes.ascending("roomId", "seq"), new IndexOptions().unique(true).name("roomId_seq"));
	}

	/**
	 * A running rebuild.
	 *
	 * @param collection the collection it fills
	 * @param roomId the room it rebuilds, {@code null} for all
	 */
	public record Rebuilding(String collection, String roomId) {

		boolean covers(RoomEvent event) {
			return this.roomId == null || this.roomId.equals(event.roomId());
		}

	}

}
