package dev.roomcast.account.config;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * The indexes the rules depend on, created before the first request: one user per
 * lower-cased username, one direct room per pair; a user's read marks by user, a room's
 * skipped seqs by room.
 */
@Component
class MongoIndexes implements SmartInitializingSingleton {

	private final MongoTemplate mongo;

	MongoIndexes(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.mongo.indexOps("users").createIndex(new Index("usernameKey", Sort.Direction.ASC).unique());
		this.mongo.indexOps("contacts").createIndex(new Index("ownerId", Sort.Direction.ASC));
		this.mongo.indexOps("rooms").createIndex(new Index("uniqueKey", Sort.Direction.ASC).unique());
		this.mongo.indexOps("rooms").createIndex(new Index("memberIds", Sort.Direction.ASC));
		this.mongo.indexOps("read_states").createIndex(new Index("userId", Sort.Direction.ASC));
		this.mongo.indexOps("room_skipped_seqs").createIndex(new Index("roomId", Sort.Direction.ASC));
	}

}
