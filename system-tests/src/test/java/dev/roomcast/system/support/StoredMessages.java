package dev.roomcast.system.support;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.roomcast.infra.launcher.RoomcastService;
import org.bson.Document;

/** What persistence-service stored, read straight from the MongoDB-compatible store. */
public final class StoredMessages {

	private final String mongoUri;

	/**
	 * Reads the store of a running system.
	 * @param system the system
	 */
	public StoredMessages(RoomcastSystem system) {
		this.mongoUri = system.infra().mongoUri();
	}

	/**
	 * How many chat messages of a room are stored (membership events not counted).
	 * @param roomId the room
	 * @return the document count
	 */
	public long count(String roomId) {
		try (MongoClient client = MongoClients.create(this.mongoUri)) {
			return messages(client).countDocuments(new Document("roomId", roomId).append("type", "MESSAGE"));
		}
	}

	/**
	 * The seqs of a room's stored chat messages, ascending, repeats included.
	 * @param roomId the room
	 * @return the seqs
	 */
	public List<Long> seqs(String roomId) {
		try (MongoClient client = MongoClients.create(this.mongoUri)) {
			List<Long> seqs = new ArrayList<>();
			messages(client).find(new Document("roomId", roomId).append("type", "MESSAGE"))
				.sort(new Document("seq", 1))
				.forEach((document) -> seqs.add(((Number) document.get("seq")).longValue()));
			return seqs;
		}
	}

	private static MongoCollection<Document> messages(MongoClient client) {
		return client.getDatabase(RoomcastService.PERSISTENCE.database()).getCollection("messages");
	}

}
