package dev.roomcast.account.user;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.mongodb.repository.MongoRepository;

public interface UserRepository extends MongoRepository<UserDocument, String> {

	Optional<UserDocument> findByUsernameKey(String usernameKey);

	List<UserDocument> findByUsernameKeyStartingWithOrderByUsernameKey(String prefix, Pageable page);

}
