package dev.roomcast.system.browser;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import dev.roomcast.system.browser.ChatPage.Message;
import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.http.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two people chat through the web client in two headless Chromium sessions, against the
 * whole system (four services from their jars on the real servers). Screenshots go to
 * {@code target/screenshots}.
 */
class ChatBrowserSystemTests {

	private static final String PASSWORD = "correct horse battery";

	private static final String XSS = "<img src=x onerror=alert(1)>";

	private final RoomcastSystem system = RoomcastSystem.shared();

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@Test
	void twoPeopleChatLiveSeeHistoryAfterReloadAndCatchUpAfterAReconnect() {
		ChatPage alice = this.browsers.open(this.system.gatewayUrl(), "Alice");
		ChatPage bob = this.browsers.open(this.system.gatewayUrl(), "Bob");
		alice.signUpAndStartChatWith(bob, PASSWORD);

		alice.send("Hi Bob!");
		alice.awaitMessage("Hi Bob!", "sent");
		bob.waiting().until((d) -> bob.awaitRoom("Alice").preview().endsWith("Hi Bob!"));
		// the room's membership events are not messages: only Alice's one counts
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
		ChatPage page = this.browsers.open(this.system.gatewayUrl(), "Carol");

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

	/**
	 * Alice edits and deletes her messages; Bob, in another browser on another gateway,
	 * sees both live and after a reload, his unread count holds her messages only (not
	 * the edit, the deletion or the room's membership events), history keeps no deleted
	 * text, and Bob cannot change Alice's messages: chat-service refuses, and his client
	 * says why.
	 */
	@Test
	void aliceEditsAndDeletesBobSeesBothLiveAndAfterAReloadAndCannotChangeHers() {
		ChatPage alice = this.browsers.open(this.system.gatewayUrl(), "Alice");
		ChatPage bob = this.browsers.open(this.system.secondGatewayUrl(), "Bob");
		alice.signUpAndStartChatWith(bob, PASSWORD);

		long typo = ChatRoom.FIRST_MESSAGE_SEQ;
		long regret = typo + 1;
		alice.send("See you at 5 pm");
		alice.awaitMessage("See you at 5 pm", "sent");
		alice.send("Bob owes me a secret word: swordfish");
		alice.awaitMessage("Bob owes me a secret word: swordfish", "sent");
		bob.waiting().until((d) -> bob.awaitRoom("Alice").preview().endsWith("secret word: swordfish"));
		assertThat(bob.awaitRoom("Alice").unread()).isEqualTo(2);
		alice.awaitMessageAt(regret);
		assertThat(alice.offersChanges(typo)).isTrue();

		alice.deleteWithButton(regret);
		alice.waiting().until((d) -> alice.awaitMessageAt(regret).deleted());
		bob.waiting().until((d) -> bob.awaitRoom("Alice").preview().endsWith("Message deleted"));
		alice.editLastWithUpArrow("See you at 6 pm");
		alice.waiting().until((d) -> alice.awaitMessageAt(typo).text().equals("See you at 6 pm"));
		alice.send("ok?");
		// events arrive in seq order: the last message shown means the changes before it
		// arrived too, and neither counts (the deleted message stays, as a tombstone)
		bob.waiting().until((d) -> bob.awaitRoom("Alice").preview().endsWith("ok?"));
		assertThat(bob.awaitRoom("Alice").unread()).isEqualTo(3);
		bob.showRooms();
		bob.screenshot("20-bob-unread-after-edit-and-deletion");

		// after a reload the count is the server's, once account-service has read the log
		ApiClient bobApi = new ApiClient(this.system.secondGatewayUrl());
		bobApi.login(bob.username, PASSWORD);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(bobApi.rooms().get(0).get("lastSeq").asLong()).isEqualTo(typo + 4));
		assertThat(bobApi.rooms().get(0).get("unread").asLong()).isEqualTo(3);
		bob.reload();
		bob.waiting().until((d) -> bob.awaitRoom("Alice").preview().endsWith("ok?"));
		assertThat(bob.awaitRoom("Alice").unread()).isEqualTo(3);

		bob.openRoom("Alice");
		bob.waiting().until((d) -> bob.awaitMessageAt(typo).edited() && bob.awaitMessageAt(regret).deleted());
		assertThat(bob.awaitMessageAt(typo).text()).isEqualTo("See you at 6 pm");
		assertThat(bob.awaitMessageAt(regret).text()).doesNotContain("swordfish");
		assertThat(bob.offersChanges(typo)).isFalse();
		bob.screenshot("21-bob-sees-edit-and-deletion");

		// Alice edits and deletes a message while Bob has the room open
		long late = typo + 4;
		alice.editLastWithUpArrow("ok? (6 pm)");
		bob.waiting().until((d) -> bob.awaitMessageAt(late).text().equals("ok? (6 pm)"));
		assertThat(bob.awaitMessageAt(late).edited()).isTrue();
		alice.deleteWithButton(late);
		bob.waiting().until((d) -> bob.awaitMessageAt(late).deleted());
		assertThat(bob.awaitMessageAt(late).text()).doesNotContain("ok?");

		bob.reload();
		bob.openRoom("Alice");
		bob.waiting().until((d) -> bob.messages().size() == 3);
		List<Message> reloaded = bob.messages();
		assertThat(reloaded.get(0).text()).isEqualTo("See you at 6 pm");
		assertThat(reloaded.get(0).edited()).isTrue();
		assertThat(reloaded.get(1).deleted()).isTrue();
		assertThat(reloaded.get(1).text()).doesNotContain("swordfish");
		assertThat(reloaded.get(2).deleted()).isTrue();

		JsonNode history = bobApi.history(bob.openRoomId(), 0, 200);
		assertThat(history.toString()).doesNotContain("swordfish").doesNotContain("5 pm");
		JsonNode tombstone = history.valueStream()
			.filter((item) -> item.get("seq").asLong() == regret)
			.findFirst()
			.orElseThrow();
		assertThat(tombstone.get("deleted").asBoolean()).isTrue();
		assertThat(tombstone.get("text").isNull()).isTrue();
		assertThat(history.valueStream().map((item) -> item.get("type").asString()).toList()).contains("EDIT",
				"DELETE");

		bob.tryToChange(typo, "Alice never said that");
		assertThat(bob.awaitNotice("Could not edit")).contains("Only its sender");
		bob.tryToChange(typo, null);
		assertThat(bob.awaitNotice("Could not delete")).contains("Only its sender");
		bob.screenshot("22-bob-refused");
		assertThat(alice.awaitMessageAt(typo).text()).isEqualTo("See you at 6 pm");
		assertThat(alice.awaitMessageAt(typo).deleted()).isFalse();
		assertThat(bob.awaitMessageAt(typo).text()).isEqualTo("See you at 6 pm");
	}

	private static List<String> texts(List<Message> messages) {
		return messages.stream().map(Message::text).toList();
	}

	private static List<Long> seqs(List<Message> messages) {
		return messages.stream().map(Message::seq).toList();
	}

}
