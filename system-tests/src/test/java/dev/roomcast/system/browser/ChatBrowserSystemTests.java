package dev.roomcast.system.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import dev.roomcast.system.browser.ChatPage.Message;
import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.system.support.RoomcastSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two people chat through the web client in two headless Chromium sessions, against the
 * whole system (four services from their jars on the real servers). Screenshots go to
 * {@code target/screenshots}.
 */
class ChatBrowserSystemTests {

	private static final String PASSWORD = "correct horse battery";

	private static final String XSS = "<img src=x onerror=alert(1)>";

	private final RoomcastSystem system = RoomcastSystem.shared();

	private final List<ChatPage> pages = new ArrayList<>();

	@TempDir
	Path profiles;

	@AfterEach
	void closeBrowsers() {
		this.pages.forEach(ChatPage::close);
	}

	@Test
	void twoPeopleChatLiveSeeHistoryAfterReloadAndCatchUpAfterAReconnect() {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		ChatPage alice = open("alice_" + tag, "Alice");
		ChatPage bob = open("bob_" + tag, "Bob");
		alice.signUp(PASSWORD);
		bob.signUp(PASSWORD);

		alice.requestContact(bob.username);
		bob.acceptRequestFrom(alice.username);
		alice.messageContact(bob.username, "Bob");
		alice.awaitConnectionState("connected");
		bob.awaitConnectionState("connected");

		alice.send("Hi Bob!");
		alice.awaitMessage("Hi Bob!", "sent");
		bob.waiting().until((d) -> bob.awaitRoom("Alice").preview().endsWith("Hi Bob!"));
		assertThat(bob.awaitRoom("Alice").unread()).isEqualTo(1);

		bob.openRoom("Alice");
		bob.awaitMessage("Hi Bob!", "received");
		bob.send("Hi Alice.\nTwo lines, one message.");
		alice.awaitMessage("Hi Alice.\nTwo lines, one message.", "received");
		bob.awaitMessage("Hi Alice.\nTwo lines, one message.", "sent");
		assertThat(bob.awaitRoom("Alice").unread()).isZero();

		alice.send(XSS);
		bob.awaitMessage(XSS, "received");
		assertThat(bob.imagesInMessages()).isZero();
		assertThat(bob.alertIsOpen()).isFalse();
		assertThat(alice.alertIsOpen()).isFalse();
		alice.screenshot("01-alice-chat");
		bob.screenshot("02-bob-chat");

		bob.reload();
		bob.waiting().until((d) -> texts(bob.messages()).size() == 3);
		assertThat(texts(bob.messages())).containsExactly("Hi Bob!", "Hi Alice.\nTwo lines, one message.", XSS);
		assertThat(seqs(bob.messages())).containsExactly(ChatRoom.FIRST_MESSAGE_SEQ, ChatRoom.FIRST_MESSAGE_SEQ + 1,
				ChatRoom.FIRST_MESSAGE_SEQ + 2);
		assertThat(bob.imagesInMessages()).isZero();
		bob.screenshot("03-bob-after-reload");

		bob.goAway();
		bob.screenshot("04-bob-reconnecting");
		List<String> missed = IntStream.rangeClosed(1, 5).mapToObj((i) -> "While you were away #" + i).toList();
		missed.forEach(alice::send);
		missed.forEach((text) -> alice.awaitMessage(text, "sent"));
		bob.send("Typed while offline");
		bob.awaitMessage("Typed while offline", "pending");
		alice.waiting().until((d) -> alice.messages().stream().allMatch((m) -> m.seq() > 0));
		assertThat(seqs(alice.messages())).hasSize(8);

		bob.comeBack();
		alice.awaitMessage("Typed while offline", "received");
		bob.awaitMessage("Typed while offline", "sent");
		alice.send("Welcome back");
		bob.waiting().until((d) -> allDelivered(bob.messages(), 10));
		alice.waiting().until((d) -> allDelivered(alice.messages(), 10));
		List<Message> seen = bob.messages();
		assertThat(seqs(seen)).containsExactlyElementsOf(
				LongStream.rangeClosed(ChatRoom.FIRST_MESSAGE_SEQ, ChatRoom.FIRST_MESSAGE_SEQ + 9).boxed().toList());
		assertThat(seen.stream().map(Message::messageId).distinct()).hasSize(10);
		assertThat(texts(seen)).containsSubsequence(missed).contains("Typed while offline", "Welcome back");
		assertThat(texts(alice.messages())).containsExactlyElementsOf(texts(seen));
		bob.screenshot("05-bob-caught-up");
		alice.screenshot("06-alice-desktop");

		alice.resize(390, 844);
		alice.screenshot("07-alice-phone-chat");
		alice.backToRooms();
		assertThat(alice.awaitRoom("Bob").preview()).endsWith("Welcome back");
		alice.screenshot("08-alice-phone-rooms");
	}

	@Test
	void formsShowEachComplaintNextToItsField() {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		ChatPage page = open("carol_" + tag, "Carol");

		page.submitSignUp("x", "Carol", PASSWORD);
		assertThat(page.awaitError("signup-username-error")).isNotBlank();
		assertThat(page.text("signup-password-error")).isBlank();

		page.submitSignUp(page.username, "Carol", "short");
		assertThat(page.awaitError("signup-password-error")).isNotBlank();
		assertThat(page.text("signup-username-error")).isBlank();
		page.screenshot("10-signup-errors");

		page.signUp(PASSWORD);
		page.logOut();
		page.submitLogIn(page.username, "not the password");
		assertThat(page.awaitError("login-error")).isEqualTo("Wrong username or password.");
	}

	private static boolean allDelivered(List<Message> messages, int count) {
		return messages.size() == count && messages.stream().allMatch((m) -> m.seq() > 0);
	}

	private ChatPage open(String username, String displayName) {
		try {
			ChatPage page = ChatPage.open(this.system.gatewayUrl(), username, displayName,
					Files.createTempDirectory(this.profiles, username));
			this.pages.add(page);
			return page;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static List<String> texts(List<Message> messages) {
		return messages.stream().map(Message::text).toList();
	}

	private static List<Long> seqs(List<Message> messages) {
		return messages.stream().map(Message::seq).toList();
	}

}
