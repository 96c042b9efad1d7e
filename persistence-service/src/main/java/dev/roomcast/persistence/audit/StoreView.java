package dev.roomcast.persistence.audit;

import java.util.List;
import java.util.function.Consumer;

import org.bson.Document;

/**
 * What a replay reads of the MongoDB projection, a bounded window at a time.
 */
interface StoreView {

	/**
	 * The stored documents of a room with {@code fromSeq <= seq <= toSeq}.
	 * @param roomId the room
	 * @param fromSeq the first seq
	 * @param toSeq the last seq
	 * @return the documents, in any order
	 */
	List<Document> range(String roomId, long fromSeq, long toSeq);

	/**
	 * Streams the stored documents of a room after a seq, ascending.
	 * @param roomId the room
	 * @param afterSeq the seq to start after
	 * @param each called with each document
	 */
	void after(String roomId, long afterSeq, Consumer<Document> each);

	/**
	 * Streams the ids of every room that has stored documents.
	 * @param each called with each room id
	 */
	void rooms(Consumer<String> each);

	/** A store that holds nothing: a replay that only verifies the log. */
	StoreView NONE = new StoreView() {

		@Override
		public List<Document> range(String roomId, long fromSeq, long toSeq) {
			return List.of();
		}

		@Override
		public void after(String roomId, long afterSeq, Consumer<Document> each) {
		}

		@Override
		public void rooms(Consumer<String> each) {
		}

	};

}
