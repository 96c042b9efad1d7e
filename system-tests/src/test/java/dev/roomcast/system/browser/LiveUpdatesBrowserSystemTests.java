package dev.roomcast.system.browser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.stomp.StompTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live updates instead of polling, and read state that follows the user, in headless
 * Chromium against the whole system with two gateway instances: the users' browsers sit
 * on different gateways.
 */
class LiveUpdatesBrowserSystemTests {

	private static final String PASSWORD = "correct horse battery";

	private static final int UNREAD = 300;

	private final RoomcastSystem system = RoomcastSystem.shared();

	@RegisterExtension
	final Browsers browsers = new Browsers();

	private final List<StompTestClient> stompClients = new ArrayList<>();

	@AfterEach
	void close() {
		this.stompClients.forEach(StompTestClient::close);
	}

	@Test
	void aContactRequestArrivesLiveAcrossGatewaysWithoutPolling() {
		ChatPage alice = this.browsers.open(this.system.gatewayUrl(), "Alice");
		ChatPage bob = this.browsers.open(this.system.secondGatewayUrl(), "Bob");
		alice.signUp(PASSWORD);
		bob.signUp(PASSWORD);
		alice.awaitConnectionState("connected");
		alice.countListRequests();

		bob.requestContact(alice.username);

		alice.awaitIncomingRequestFrom(bob.username);
		alice.screenshot("20-alice-live-contact-request");
		// one read of the contact list for the update, and then nothing while nothing
		// changes:
		// a polling client would ask every few seconds
		long afterUpdate = alice.listRequests();
		assertThat(afterUpdate).isBetween(1L, 3L);
		await().during(Duration.ofSeconds(10))
			.atMost(Duration.ofSeconds(30))
			.until(alice::listRequests, (count) -> count == afterUpdate);

		alice.acceptRequestFrom(bob.username);
		bob.awaitContact(alice.username);
	}

	@Test
	void readingOnOneBrowserClearsTheUnreadCountOnTheOtherAndCountsAreExact() throws Exception {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		String aliceName = "alice_" + tag;
		ApiClient aliceApi = new ApiClient(this.system.gatewayUrl());
		aliceApi.signup(aliceName, PASSWORD, "Alice");
		ApiClient bobApi = new ApiClient(this.system.secondGatewayUrl());
		bobApi.signup("bob_" + tag, PASSWORD, "Bob");
		bobApi.befriend(aliceApi);
		String roomId = bobApi.directRoom(aliceApi.userId()).get("id").asString();

		ChatPage aliceHere = this.browsers.open(this.system.gatewayUrl(), aliceName, "Alice");
		ChatPage aliceThere = this.browsers.open(this.system.secondGatewayUrl(), aliceName, "Alice");
		aliceHere.logIn(PASSWORD);
		aliceThere.logIn(PASSWORD);
		aliceHere.awaitConnectionState("connected");
		aliceThere.awaitConnectionState("connected");

		// Bob's 300 messages, with edits and a deletion of his earlier ones in between:
		// only
		// the messages count (the deleted one stays as a tombstone)
		StompTestClient bob = StompTestClient.connect(this.system.secondGatewayUrl(), bobApi);
		this.stompClients.add(bob);
		long first = ChatRoom.FIRST_MESSAGE_SEQ;
		send(bob, roomId, 1, 100);
		awaitReceipts(List.of(bob.edit(roomId, UUID.randomUUID().toString(), first, "unread #1, edited"),
				bob.delete(roomId, UUID.randomUUID().toString(), first + 1)));
		send(bob, roomId, 101, 200);
		awaitReceipts(List.of(bob.edit(roomId, UUID.randomUUID().toString(), first + 102, "unread #101, edited")));
		send(bob, roomId, 201, UNREAD);
		long lastSeq = first + UNREAD + 3 - 1;
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(bobApi.room(roomId).get("lastSeq").asLong()).isEqualTo(lastSeq));

		for (ChatPage alice : List.of(aliceHere, aliceThere)) {
			alice.waiting().until((d) -> alice.awaitRoom("Bob").unread() == UNREAD);
		}
		aliceThere.screenshot("21-alice-300-unread");
		// a reload reads the same count from the server
		aliceThere.reload();
		aliceThere.waiting().until((d) -> aliceThere.awaitRoom("Bob").unread() == UNREAD);

		aliceHere.openRoom("Bob");
		aliceHere.awaitMessage("unread #" + UNREAD, "received");

		aliceThere.waiting().until((d) -> aliceThere.awaitRoom("Bob").unread() == 0);
		assertThat(aliceThere.unread(roomId)).isZero();
		aliceThere.screenshot("22-alice-read-elsewhere");
	}

	private static void send(StompTestClient client, String roomId, int from, int to) throws Exception {
		List<CompletableFuture<Boolean>> receipts = new ArrayList<>();
		for (int i = from; i <= to; i++) {
			receipts.add(client.send(roomId, UUID.randomUUID().toString(), "unread #" + i));
		}
		awaitReceipts(receipts);
	}

	private static void awaitReceipts(List<CompletableFuture<Boolean>> receipts) throws Exception {
		for (CompletableFuture<Boolean> receipt : receipts) {
			assertThat(receipt.get(60, TimeUnit.SECONDS)).isTrue();
		}
	}

}
