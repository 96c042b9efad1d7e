package dev.roomcast.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.system.support.StoredMessages;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.stomp.StompTestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The messaging pipeline end to end: browsers' STOMP clients on the gateways,
 * chat-service ordering, persistence-service storing and serving history, all on the real
 * servers.
 */
class MessagingSystemTests {

	private static final Duration PIPELINE = Duration.ofSeconds(60);

	private final RoomcastSystem system = RoomcastSystem.shared();

	private final StoredMessages stored = new StoredMessages(this.system);

	@Test
	void twoUsersExchangeMessagesBothWays() {
		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		try (ChatRoom.Connected chat = room.connect(this.system.gatewayUrl())) {
			exchange(room, chat, "hi Bob", "hi Alice");
			StompTestClient alice = chat.alice();
			JsonNode first = alice.messages(room.roomId()).get(0);
			assertThat(first.get("text").asString()).isEqualTo("hi Bob");
			assertThat(first.get("senderId").asString()).isEqualTo(room.aliceId());
			assertThat(first.get("seq").asLong()).isEqualTo(ChatRoom.FIRST_MESSAGE_SEQ);
			assertThat(alice.messages(room.roomId()).get(1).get("text").asString()).isEqualTo("hi Alice");
			assertThat(alice.messages(room.roomId()).get(1).get("prevHash").asString())
				.isEqualTo(first.get("hash").asString());
			// history holds the room's two membership events too
			await().atMost(PIPELINE).until(() -> room.bob().history(room.roomId(), 0, 50).size() == 4);
			assertThat(chat.bob().errors()).isEmpty();
		}
	}

	@Test
	void nonMemberIsRefusedOnSendSubscribeAndHistory() {
		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		ApiClient mallory = new ApiClient(this.system.gatewayUrl());
		mallory.signupNew("mallory");
		// the intruder's frames are refused: waiting long for their receipts proves
		// nothing
		try (StompTestClient intruder = StompTestClient.connect(this.system.gatewayUrl(), mallory,
				Duration.ofSeconds(2));
				StompTestClient alice = StompTestClient.connect(this.system.gatewayUrl(), room.alice())) {
			assertThat(alice.joinRoom(room.roomId())).isTrue();
			String messageId = uuid();
			assertThat(intruder.send(room.roomId(), messageId, "let me in").join()).isFalse();
			await().atMost(PIPELINE).until(() -> intruder.errors().size() >= 1);
			assertThat(intruder.errors().get(0).get("code").asString()).isEqualTo("NOT_A_MEMBER");
			assertThat(intruder.errors().get(0).get("messageId").asString()).isEqualTo(messageId);
			intruder.joinRoom(room.roomId());
			await().atMost(PIPELINE).until(() -> intruder.errors().size() >= 2);
			assertThat(intruder.errors().get(1).get("code").asString()).isEqualTo("NOT_A_MEMBER");
			assertThat(mallory.get("/api/rooms/" + room.roomId() + "/messages?afterSeq=0&limit=10").status())
				.isEqualTo(403);
			// the refused send produced nothing, and later messages do not reach the
			// intruder
			assertThat(alice.send(room.roomId(), uuid(), "members only").join()).isTrue();
			await().atMost(PIPELINE).until(() -> alice.messages(room.roomId()).size() == 1);
			assertThat(alice.seqs(room.roomId())).containsExactly(ChatRoom.FIRST_MESSAGE_SEQ);
			assertThat(intruder.messages(room.roomId())).isEmpty();
		}
	}

	@Test
	void senderOnOneGatewayReachesReceiverOnAnother() {
		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		try (ChatRoom.Connected chat = room.connect(this.system.gatewayUrl(), this.system.secondGatewayUrl())) {
			exchange(room, chat, "across gateways", "and back");
			assertThat(chat.alice().seqs(room.roomId())).containsExactly(ChatRoom.FIRST_MESSAGE_SEQ,
					ChatRoom.FIRST_MESSAGE_SEQ + 1);
			assertThat(chat.bob().seqs(room.roomId())).containsExactly(ChatRoom.FIRST_MESSAGE_SEQ,
					ChatRoom.FIRST_MESSAGE_SEQ + 1);
		}
	}

	@Test
	void thousandMessagesFromTwoSendersArriveOnceInOrderAndAreStoredOnce() {
		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		try (ChatRoom.Connected chat = room.connect(this.system.gatewayUrl())) {
			StompTestClient alice = chat.alice();
			StompTestClient bob = chat.bob();
			assertThat(chat.sendInTurns(room.roomId(), 500).stream().map(CompletableFuture::join)).containsOnly(true);
			List<Long> expected = LongStream.rangeClosed(ChatRoom.FIRST_MESSAGE_SEQ, ChatRoom.FIRST_MESSAGE_SEQ + 999)
				.boxed()
				.toList();
			await().atMost(PIPELINE)
				.until(() -> alice.messages(room.roomId()).size() >= 1000
						&& bob.messages(room.roomId()).size() >= 1000);
			assertThat(alice.seqs(room.roomId())).isEqualTo(expected);
			assertThat(bob.seqs(room.roomId())).isEqualTo(expected);
			await().atMost(PIPELINE).until(() -> this.stored.count(room.roomId()) == 1000);
			assertThat(this.stored.seqs(room.roomId())).isEqualTo(expected);
		}
	}

	@Test
	void repeatedMessageIdGivesOneMessage() {
		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		try (StompTestClient alice = StompTestClient.connect(this.system.gatewayUrl(), room.alice())) {
			assertThat(alice.joinRoom(room.roomId())).isTrue();
			String messageId = uuid();
			assertThat(alice.send(room.roomId(), messageId, "once").join()).isTrue();
			assertThat(alice.send(room.roomId(), messageId, "once").join()).isTrue();
			assertThat(alice.send(room.roomId(), uuid(), "after").join()).isTrue();
			await().atMost(PIPELINE).until(() -> alice.messages(room.roomId()).size() >= 2);
			await().atMost(PIPELINE).until(() -> this.stored.count(room.roomId()) == 2);
			assertThat(alice.messages(room.roomId())).extracting((message) -> message.get("text").asString())
				.containsExactly("once", "after");
			assertThat(room.alice().history(room.roomId(), 0, 50)).hasSize(4);
		}
	}

	@Test
	void reconnectingClientCatchesUpWithoutGapOrDuplicate() {
		ChatRoom room = ChatRoom.direct(this.system.gatewayUrl());
		try (StompTestClient alice = StompTestClient.connect(this.system.gatewayUrl(), room.alice())) {
			assertThat(alice.joinRoom(room.roomId())).isTrue();
			StompTestClient bob = StompTestClient.connect(this.system.gatewayUrl(), room.bob());
			assertThat(bob.joinRoom(room.roomId())).isTrue();
			for (int i = 0; i < 10; i++) {
				alice.send(room.roomId(), uuid(), "before " + i);
			}
			await().atMost(PIPELINE).until(() -> bob.messages(room.roomId()).size() == 10);
			long lastSeen = bob.seqs(room.roomId()).get(9);
			bob.close();
			List<CompletableFuture<Boolean>> receipts = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				receipts.add(alice.send(room.roomId(), uuid(), "while away " + i));
			}
			assertThat(receipts.stream().map(CompletableFuture::join)).containsOnly(true);
			// the documented client algorithm: subscribe first, then read history after
			// the last
			// seq seen, and merge by seq
			try (StompTestClient back = StompTestClient.connect(this.system.gatewayUrl(), room.bob())) {
				assertThat(back.joinRoom(room.roomId())).isTrue();
				List<Long> caughtUp = new ArrayList<>();
				long after = lastSeen;
				await().atMost(PIPELINE).until(() -> this.stored.count(room.roomId()) == 210);
				JsonNode page;
				do {
					page = room.bob().history(room.roomId(), after, 200);
					caughtUp.addAll(ChatRoom.seqs(page));
					after = caughtUp.isEmpty() ? after : caughtUp.get(caughtUp.size() - 1);
				}
				while (page.size() == 200);
				List<Long> merged = new ArrayList<>(caughtUp);
				back.seqs(room.roomId())
					.stream()
					.filter((seq) -> seq > merged.get(merged.size() - 1))
					.forEach(merged::add);
				assertThat(merged)
					.isEqualTo(LongStream.rangeClosed(lastSeen + 1, ChatRoom.FIRST_MESSAGE_SEQ + 209).boxed().toList());
			}
		}
	}

	/**
	 * Alice sends a message and Bob receives it, then Bob answers and Alice receives
	 * both.
	 */
	private static void exchange(ChatRoom room, ChatRoom.Connected chat, String fromAlice, String fromBob) {
		assertThat(chat.alice().send(room.roomId(), uuid(), fromAlice).join()).isTrue();
		await().atMost(PIPELINE).until(() -> chat.bob().messages(room.roomId()).size() == 1);
		assertThat(chat.bob().send(room.roomId(), uuid(), fromBob).join()).isTrue();
		await().atMost(PIPELINE).until(() -> chat.alice().messages(room.roomId()).size() == 2);
	}

	private static String uuid() {
		return UUID.randomUUID().toString();
	}

}
