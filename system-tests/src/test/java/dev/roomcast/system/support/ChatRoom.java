package dev.roomcast.system.support;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.stomp.StompTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Two users who are contacts and their direct room, signed up through a gateway.
 *
 * @param alice the first user's HTTP client
 * @param bob the second user's HTTP client
 * @param aliceId the first user's id
 * @param bobId the second user's id
 * @param roomId their direct room
 */
public record ChatRoom(ApiClient alice, ApiClient bob, String aliceId, String bobId, String roomId) {

	/**
	 * The seq of a new direct room's first message: its log starts with the room's
	 * {@code ROOM_CREATED} and {@code MEMBER_ADDED} events.
	 */
	public static final long FIRST_MESSAGE_SEQ = 3;

	/**
	 * Signs up two new users, makes them contacts and opens their direct room.
	 * @param gatewayUrl the gateway's base URL
	 * @return the pair and their room
	 */
	public static ChatRoom direct(String gatewayUrl) {
		ApiClient alice = new ApiClient(gatewayUrl);
		ApiClient bob = new ApiClient(gatewayUrl);
		String aliceId = alice.signupNew("alice").get("id").asString();
		String bobId = bob.signupNew("bob").get("id").asString();
		alice.befriend(bob);
		JsonNode room = alice.directRoom(bobId);
		return new ChatRoom(alice, bob, aliceId, bobId, room.get("id").asString());
	}

	/**
	 * Alice and Bob connected to a gateway over STOMP, both subscribed to the room.
	 * @param gatewayUrl the gateway's base URL
	 * @return their clients, closed together
	 */
	public Connected connect(String gatewayUrl) {
		return connect(gatewayUrl, gatewayUrl);
	}

	/**
	 * Alice connected to one gateway and Bob, signed in as before, to another (or the
	 * same), both subscribed to the room.
	 * @param aliceGateway the base URL of Alice's gateway
	 * @param bobGateway the base URL of Bob's gateway
	 * @return their clients, closed together
	 */
	public Connected connect(String aliceGateway, String bobGateway) {
		Connected connected = connectUnsubscribed(aliceGateway, bobGateway);
		if (!connected.alice().joinRoom(this.roomId) || !connected.bob().joinRoom(this.roomId)) {
			connected.close();
			throw new IllegalStateException("The gateway did not acknowledge a subscription to " + this.roomId);
		}
		return connected;
	}

	/**
	 * Alice and Bob connected to a gateway over STOMP, neither subscribed to the room
	 * yet: for tests about how and when they subscribe.
	 * @param gatewayUrl the gateway's base URL
	 * @return their clients, closed together
	 */
	public Connected connectUnsubscribed(String gatewayUrl) {
		return connectUnsubscribed(gatewayUrl, gatewayUrl);
	}

	private Connected connectUnsubscribed(String aliceGateway, String bobGateway) {
		ApiClient bobThere = bobGateway.equals(this.bob.baseUrl()) ? this.bob : this.bob.sameSessionAt(bobGateway);
		return new Connected(StompTestClient.connect(aliceGateway, this.alice),
				StompTestClient.connect(bobGateway, bobThere));
	}

	/**
	 * How many chat messages the room's history gives Bob (membership events not
	 * counted).
	 * @return the number of messages in the first page
	 */
	public long messagesInHistory() {
		return this.bob.history(this.roomId, 0, 50)
			.valueStream()
			.filter((item) -> "MESSAGE".equals(item.get("type").asString()))
			.count();
	}

	/**
	 * The seqs of a history page.
	 * @param page the history response, an array of messages
	 * @return their seqs in order
	 */
	public static List<Long> seqs(JsonNode page) {
		return page.valueStream().map((message) -> message.get("seq").asLong()).toList();
	}

	/**
	 * Alice's and Bob's STOMP clients.
	 *
	 * @param alice the first user's client
	 * @param bob the second user's client
	 */
	public record Connected(StompTestClient alice, StompTestClient bob) implements AutoCloseable {

		/**
		 * Alice and Bob send {@code each} messages each to a room, in turns ({@code "from
		 * alice 0"}, {@code "from bob 0"}, …), without waiting for the receipts.
		 * @param roomId the room
		 * @param each how many each sends
		 * @return each send's receipt, in the order sent
		 */
		public List<CompletableFuture<Boolean>> sendInTurns(String roomId, int each) {
			List<CompletableFuture<Boolean>> receipts = new ArrayList<>();
			for (int i = 0; i < each; i++) {
				receipts.add(this.alice.send(roomId, UUID.randomUUID().toString(), "from alice " + i));
				receipts.add(this.bob.send(roomId, UUID.randomUUID().toString(), "from bob " + i));
			}
			return receipts;
		}

		@Override
		public void close() {
			this.alice.close();
			this.bob.close();
		}

	}

}
