package dev.roomcast.persistence.audit;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.mongodb.client.model.Sorts;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The append-only record of audit actions (who, what, when), in collection
 * {@code audit_trail}. This class only ever inserts into it and reads it: no code path
 * updates or deletes an entry.
 */
@Component
class AuditTrail {

	static final String COLLECTION = "audit_trail";

	private final MongoTemplate mongo;

	AuditTrail(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * Records an action.
	 * @param who the auditor (its name is the user id)
	 * @param action what was done, e.g. {@code REPLAY_STARTED}
	 * @param detail what it was done to, and its outcome
	 */
	void record(Authentication who, String action, Map<String, Object> detail) {
		record(who.getName(), action, detail);
	}

	void record(String auditorId, String action, Map<String, Object> detail) {
		this.mongo.getCollection(COLLECTION)
			.insertOne(new Document("at", Date.from(Instant.now())).append("auditorId", auditorId)
				.append("action", action)
				.append("detail", new Document(detail)));
	}

	/**
	 * A page of the trail, newest first.
	 * @param page the page, from 0
	 * @param size the entries per page
	 * @return the entries
	 */
	List<TrailEntry> page(int page, int size) {
		return this.mongo.getCollection(COLLECTION)
			.find()
			.sort(Sorts.descending("at", "_id"))
			.skip(page * size)
			.limit(size)
			.map((document) -> new TrailEntry(document.getDate("at").toInstant(), document.getString("auditorId"),
					document.getString("action"), document.get("detail", Document.class)))
			.into(new java.util.ArrayList<>());
	}

	/**
	 * One audit action.
	 *
	 * @param at when
	 * @param auditorId who (user id)
	 * @param action what
	 * @param detail on what, with what outcome
	 */
	record TrailEntry(Instant at, String auditorId, String action, Map<String, Object> detail) {
	}

}
