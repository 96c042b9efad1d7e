package dev.roomcast.system.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.roomcast.system.support.RoomcastSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typing indicator and presence dots in two browsers, Alice and Bob on two gateway
 * instances.
 */
class TypingBrowserSystemTests {

	private static final String PASSWORD = "correct horse battery";

	private final RoomcastSystem system = RoomcastSystem.shared();

	private final List<ChatPage> pages = new ArrayList<>();

	@TempDir
	Path profiles;

	@AfterEach
	void closeBrowsers() {
		this.pages.forEach(ChatPage::close);
	}

	@Test
	void aliceSeesBobTypingUntilHisMessageArrivesAndSeesHimOnline() {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		ChatPage alice = open(this.system.gatewayUrl(), "alice_" + tag, "Alice");
		ChatPage bob = open(this.system.secondGatewayUrl(), "bob_" + tag, "Bob");
		alice.signUp(PASSWORD);
		bob.signUp(PASSWORD);
		alice.requestContact(bob.username);
		bob.acceptRequestFrom(alice.username);
		alice.messageContact(bob.username, "Bob");
		alice.awaitConnectionState("connected");
		bob.awaitConnectionState("connected");
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

	private ChatPage open(String gatewayUrl, String username, String displayName) {
		try {
			ChatPage page = ChatPage.open(gatewayUrl, username, displayName,
					Files.createTempDirectory(this.profiles, username));
			this.pages.add(page);
			return page;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
