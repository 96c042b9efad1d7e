package dev.roomcast.persistence.message;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.infra.server.MongoStore;
import dev.roomcast.infra.server.Ports;
import dev.roomcast.infra.server.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store process as the application uses it, stopped and started again on its file:
 * what was stored is still there, and its unique index still refuses a redelivery.
 */
class MessageStoreRestartIntegrationTests {

	@TempDir
	Path dataDir;

	@Test
	void storedEventsAndTheirUniquenessSurviveARestartOfTheStore() throws IOException {
		int port = Ports.free();
		List<RoomEvent> first = new ArrayList<>();
		List<RoomEvent> later = new ArrayList<>();
		for (String room : List.of("room-a", "room-b", "room-c")) {
			List<RoomEvent> events = RoomEvents.chain(room, 150);
			first.addAll(events.subList(0, 100));
			later.addAll(events.subList(100, 150));
		}
		int storedFirst = withStore(port, (repository) -> repository.storeAll(first));
		assertThat(storedFirst).isEqualTo(300);
		List<Integer> afterRestart = withStore(port, (repository) -> List.of(repository.storeAll(first),
				repository.storeAll(later), repository.findAll("room-b").size()));
		assertThat(afterRestart).containsExactly(0, 150, 150);
		List<RoomEvent> stored = withStore(port, (repository) -> repository.findAll("room-c"));
		assertThat(stored).extracting(RoomEvent::seq).doesNotHaveDuplicates().hasSize(150);
		assertThat(stored).allMatch(HashChain::verifies);
	}

	private <T> T withStore(int port, Function<MessageRepository, T> work) {
		try (ServerProcess store = MongoStore.startOrReuse(this.dataDir, port);
				MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
			assertThat(store).as("a store of its own, not one already on the port").isNotNull();
			return work.apply(new MessageRepository(new MongoTemplate(client, "roomcast-messages")));
		}
	}

}
