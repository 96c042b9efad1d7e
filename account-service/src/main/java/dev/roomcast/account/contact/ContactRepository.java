package dev.roomcast.account.contact;

import java.util.List;

import org.springframework.data.mongodb.repository.MongoRepository;

interface ContactRepository extends MongoRepository<ContactDocument, String> {

	List<ContactDocument> findByOwnerId(String ownerId);

}
