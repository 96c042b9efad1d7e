package dev.roomcast.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.system.support.StoredMessages;
import dev.roomcast.testsupport.stomp.StompTestClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of a service in the middle of a stream of 1,000 messages, then a
 * restart: nothing lost, nothing twice.
 */
class CrashRecoverySystemTests {

	private static final Duration RECOVERY = Duration.ofSeconds(120);

	private static final List<Long> ONE_TO_THOUSAND = LongStream
		.rangeClosed(ChatRoom.FIRST_MESSAGE_SEQ, ChatRoom.FIRST_MESSAGE_SEQ + 999)
		.boxed()
		.toList();

	private final RoomcastSystem system = RoomcastSystem.shared();

	private final StoredMessages stored = new StoredMessages(this.system);

	@Test
	void chatServiceKilledMidStreamLeavesNoGapAndNoDuplicateSeq() {
		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		try (StompTestClient alice = StompTestClient.connect(this.system.gatewayUrl(), room.alice());
				StompTestClient bob = StompTestClient.connect(this.system.gatewayUrl(), room.bob())) {
			assertThat(bob.joinRoom(room.roomId())).isTrue();
			List<CompletableFuture<Boolean>> receipts = send(alice, room.roomId(), 0, 400);
			await().atMost(RECOVERY).until(() -> !bob.messages(room.roomId()).isEmpty());
			this.system.kill(RoomcastService.CHAT);
			receipts.addAll(send(alice, room.roomId(), 400, 1000));
			// every send was acknowledged by Kafka while chat-service was down: durable
			assertThat(receipts.stream().map(CompletableFuture::join)).containsOnly(true);
			this.system.start(RoomcastService.CHAT);
			await().atMost(RECOVERY).until(() -> bob.messages(room.roomId()).size() >= 1000);
			assertThat(bob.seqs(room.roomId())).isEqualTo(ONE_TO_THOUSAND);
			await().atMost(RECOVERY).until(() -> this.stored.count(room.roomId()) >= 1000);
			assertThat(this.stored.seqs(room.roomId())).isEqualTo(ONE_TO_THOUSAND);
		}
	}

	@Test
	void persistenceServiceKilledMidStreamStoresExactlyOneThousand() {
		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		try (StompTestClient alice = StompTestClient.connect(this.system.gatewayUrl(), room.alice())) {
			List<CompletableFuture<Boolean>> receipts = send(alice, room.roomId(), 0, 400);
			await().atMost(RECOVERY).until(() -> this.stored.count(room.roomId()) > 0);
			this.system.kill(RoomcastService.PERSISTENCE);
			receipts.addAll(send(alice, room.roomId(), 400, 1000));
			assertThat(receipts.stream().map(CompletableFuture::join)).containsOnly(true);
			this.system.start(RoomcastService.PERSISTENCE);
			await().atMost(RECOVERY).until(() -> this.stored.count(room.roomId()) >= 1000);
			assertThat(this.stored.count(room.roomId())).isEqualTo(1000);
			assertThat(this.stored.seqs(room.roomId())).isEqualTo(ONE_TO_THOUSAND);
			assertThat(room.alice().history(room.roomId(), ChatRoom.FIRST_MESSAGE_SEQ + 989, 50)).hasSize(10);
		}
	}

	private static List<CompletableFuture<Boolean>> send(StompTestClient sender, String roomId, int from, int to) {
		List<CompletableFuture<Boolean>> receipts = new ArrayList<>();
		for (int i = from; i < to; i++) {
			receipts.add(sender.send(roomId, UUID.randomUUID().toString(), "message " + i));
		}
		return receipts;
	}

}
