package dev.roomcast.persistence.message;

import java.util.List;
import java.util.Set;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MessageRepositoryTests {

	@Test
	void anInsertRefusedOnlyForDuplicatesCountsTheOthersAsNew() {
		MongoBulkWriteException duplicates = failure(List.of(error(11000, 3), error(11000, 7)), null);
		assertThat(MessageRepository.newlyStored(10, duplicates)).isEqualTo(8);
	}

	@Test
	void anInsertRefusedForAnythingButADuplicateFailsTheBatch() {
		MongoBulkWriteException mixed = failure(List.of(error(11000, 0), error(2, 1)), null);
		assertThatExceptionOfType(MongoBulkWriteException.class)
			.isThrownBy(() -> MessageRepository.newlyStored(10, mixed))
			.isSameAs(mixed);
	}

	@Test
	void aWriteConcernErrorFailsTheBatchEvenWhenTheRestAreDuplicates() {
		MongoBulkWriteException unacknowledged = failure(List.of(error(11000, 0)), new WriteConcernError(64,
				"WriteConcernFailed", "waiting for replication timed out", new BsonDocument()));
		assertThatExceptionOfType(MongoBulkWriteException.class)
			.isThrownBy(() -> MessageRepository.newlyStored(10, unacknowledged))
			.isSameAs(unacknowledged);
	}

	private static BulkWriteError error(int code, int index) {
		return new BulkWriteError(code, "error " + code, new BsonDocument(), index);
	}

	private static MongoBulkWriteException failure(List<BulkWriteError> errors, WriteConcernError concern) {
		return new MongoBulkWriteException(BulkWriteResult.unacknowledged(), errors, concern, new ServerAddress(),
				Set.of());
	}

}
