package dev.roomcast.account.room;

import java.util.List;
import java.util.Optional;

import org.springframework.data.mongodb.repository.MongoRepository;

interface RoomRepository extends MongoRepository<RoomDocument, String> {

	Optional<RoomDocument> findByUniqueKey(String uniqueKey);

	List<RoomDocument> findByMemberIdsContainingAndDeletedFalseOrderByCreatedAt(String userId);

}
