package dev.roomcast.persistence.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The projection as a replay reads it: raw documents, so that every stored field is seen
 * as it is, in the collection that is active when the replay starts.
 */
class MongoStoreView implements StoreView {

	private final MongoTemplate mongo;

	private final Supplier<String> collection;

	MongoStoreView(MongoTemplate mongo, Supplier<String> collection) {
		this.mongo = mongo;
		this.collection = collection;
	}

	private MongoCollection<Document> collection() {
		return this.mongo.getCollection(this.collection.get());
	}

	@Override
	public List<Document> range(String roomId, long fromSeq, long toSeq) {
		return collection()
			.find(Filters.and(Filters.eq("roomId", roomId), Filters.gte("seq", fromSeq), Filters.lte("seq", toSeq)))
			.into(new ArrayList<>());
	}

	@Override
	public void after(String roomId, long afterSeq, Consumer<Document> each) {
		collection().find(Filters.and(Filters.eq("roomId", roomId), Filters.gt("seq", afterSeq)))
			.sort(Sorts.ascending("seq"))
			.batchSize(1000)
			.forEach(each);
	}

	@Override
	public void rooms(Consumer<String> each) {
		collection().distinct("roomId", String.class).forEach(each);
	}

}
