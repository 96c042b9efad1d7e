package dev.roomcast.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.stomp.StompTestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client's connection through the whole system: catch-up that needs no assumption about
 * how far history trails the live stream, and sockets that end with their session.
 */
class LiveConnectionSystemTests {

	private static final Duration PIPELINE = Duration.ofSeconds(60);

	private final RoomcastSystem system = RoomcastSystem.shared();

	/**
	 * Bob subscribes right after Alice's sends are acknowledged, nothing waited for, and
	 * follows docs/api.md: history up to the RECEIPT's last-seq (read again until it gets
	 * there), live messages after it. He sees every message exactly once.
	 */
	@Test
	void aClientSubscribingRightAfterAnotherSendsSeesEveryMessageOnce() {
		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		try (StompTestClient alice = StompTestClient.connect(this.system.gatewayUrl(), room.alice());
				StompTestClient bob = StompTestClient.connect(this.system.gatewayUrl(), room.bob())) {
			List<CompletableFuture<Boolean>> receipts = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				receipts.add(alice.send(room.roomId(), UUID.randomUUID().toString(), "message " + i));
			}
			assertThat(receipts.stream().map(CompletableFuture::join)).containsOnly(true);

			long target = bob.joinRoomAt(room.roomId());

			// the room's log opens with its membership events, then Alice's 20 messages
			long last = ChatRoom.FIRST_MESSAGE_SEQ + 19;
			assertThat(target).isBetween(0L, last);
			List<Long> fromHistory = new ArrayList<>();
			await().atMost(PIPELINE).pollInterval(Duration.ofMillis(100)).until(() -> {
				long after = fromHistory.isEmpty() ? 0 : fromHistory.get(fromHistory.size() - 1);
				JsonNode page = room.bob().history(room.roomId(), after, 200);
				fromHistory.addAll(ChatRoom.seqs(page));
				return target == 0 || (!fromHistory.isEmpty() && fromHistory.get(fromHistory.size() - 1) >= target);
			});
			await().atMost(PIPELINE)
				.until(() -> target == last || bob.eventSeqs(room.roomId()).contains(last)
						|| fromHistory.contains(last));
			// every event, not only chat messages: the receipt's last-seq may come before
			// Bob's own MEMBER_ADDED, which then arrives live
			List<Long> merged = new ArrayList<>(fromHistory);
			bob.eventSeqs(room.roomId()).stream().filter((seq) -> !merged.contains(seq)).forEach(merged::add);
			assertThat(merged).isEqualTo(LongStream.rangeClosed(1, last).boxed().toList());
			assertThat(bob.eventSeqs(room.roomId())).as("every seq after the receipt's last-seq arrived live")
				.containsAll(LongStream.rangeClosed(target + 1, last).boxed().toList())
				.doesNotHaveDuplicates();
		}
	}

	@Test
	void logoutClosesThatSessionsSocketsAndNotTheUsersOthers() {
		ApiClient phone = new ApiClient(this.system.gatewayUrl());
		String username = phone.signupNew("carol").get("username").asString();
		ApiClient laptop = new ApiClient(this.system.gatewayUrl());
		laptop.login(username, "password123");
		try (StompTestClient first = StompTestClient.connect(this.system.gatewayUrl(), phone);
				StompTestClient second = StompTestClient.connect(this.system.gatewayUrl(), phone);
				StompTestClient other = StompTestClient.connect(this.system.gatewayUrl(), laptop)) {

			phone.logout();

			await().atMost(PIPELINE).until(() -> !first.isConnected() && !second.isConnected());
			assertThat(other.isConnected()).isTrue();
		}
	}

}
