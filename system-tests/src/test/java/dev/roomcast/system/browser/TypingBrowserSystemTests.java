package dev.roomcast.system.browser;

import java.util.List;
import java.util.UUID;

import dev.roomcast.system.support.RoomcastSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typing indicator and presence dots in two browsers, Alice and Bob on two gateway
 * instances.
 */
class TypingBrowserSystemTests {

	private static final String PASSWORD = "correct horse battery";

	private final RoomcastSystem system = RoomcastSystem.shared();

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@Test
	void aliceSeesBobTypingUntilHisMessageArrivesAndSeesHimOnline() {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		ChatPage alice = this.browsers.open(this.system.gatewayUrl(), "alice_" + tag, "Alice");
		ChatPage bob = this.browsers.open(this.system.secondGatewayUrl(), "bob_" + tag, "Bob");
		alice.signUpAndStartChatWith(bob, PASSWORD);
		bob.openRoom("Alice");

		bob.typeDraft("Hello Al");
		alice.waiting().until((d) -> alice.typingIndicator().equals("Bob is typing…"));
		alice.screenshot("20-alice-sees-bob-typing");
		bob.send("ice");
		alice.awaitMessage("Hello Alice", "received");
		alice.waiting().until((d) -> alice.typingIndicator().isEmpty());

		alice.waiting().until((d) -> alice.presenceOf(bob.username).equals("ONLINE"));
		alice.screenshot("21-alice-sees-bob-online");
	}

}
