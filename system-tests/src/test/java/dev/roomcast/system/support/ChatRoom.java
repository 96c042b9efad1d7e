package dev.roomcast.system.support;

import java.util.List;

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
		Connected connected = new Connected(StompTestClient.connect(gatewayUrl, this.alice),
				StompTestClient.connect(gatewayUrl, this.bob));
		if (!connected.alice().joinRoom(this.roomId) || !connected.bob().joinRoom(this.roomId)) {
			connected.close();
			throw new IllegalStateException("The gateway did not acknowledge a subscription to " + this.roomId);
		}
		return connected;
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

		@Override
		public void close() {
			this.alice.close();
			this.bob.close();
		}

	}

}
