package dev.roomcast.account.contact;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One side of a relation between two users, in collection {@code contacts}: a relation is
 * two documents, one per owner. The id {@code ownerId:otherId} makes each side unique.
 *
 * @param id {@code ownerId + ":" + otherId}
 * @param ownerId whose view this is
 * @param otherId the other user
 * @param state the owner's view
 * @param since when the state was set
 */
@Document("contacts")
record ContactDocument(@Id String id, String ownerId, String otherId, ContactState state, Instant since) {

	static ContactDocument of(String ownerId, String otherId, ContactState state) {
		return new ContactDocument(idOf(ownerId, otherId), ownerId, otherId, state, Instant.now());
	}

	static String idOf(String ownerId, String otherId) {
		return ownerId + ":" + otherId;
	}

}
