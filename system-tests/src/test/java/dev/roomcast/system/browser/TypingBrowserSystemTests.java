package dev.roomcast.system.browser;

import java.time.Duration;

import dev.roomcast.system.support.RoomcastSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The typing indicator and presence dots in two browsers, Alice and Bob on two gateway
 * instances.
 */
class TypingBrowserSystemTests {

	private static final String PASSWORD = "correct horse battery";

	/**
	 * docs/api.md: a killed instance's users go offline within heartbeat-ttl +
	 * heartbeat-interval (15 s + 5 s by default), plus the delivery through Kafka to the
	 * browser.
	 */
	private static final Duration OFFLINE_BOUND = Duration.ofSeconds(20);

	private static final Duration DELIVERY_SLACK = Duration.ofSeconds(10);

	private final RoomcastSystem system = RoomcastSystem.shared();

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@Test
	void aliceSeesBobTypingUntilHisMessageArrivesSeesHimOnlineAndOfflineOnceHisGatewayIsKilled() {
		ChatPage alice = this.browsers.open(this.system.gatewayUrl(), "Alice");
		ChatPage bob = this.browsers.open(this.system.secondGatewayUrl(), "Bob");
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

		long killedAt = System.nanoTime();
		this.system.killSecondGateway();
		await().atMost(OFFLINE_BOUND.plus(DELIVERY_SLACK))
			.pollInSameThread()
			.pollInterval(Duration.ofMillis(200))
			.until(() -> alice.presenceOf(bob.username), "OFFLINE"::equals);
		Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
		System.out.printf("Alice's browser showed Bob OFFLINE %d ms after his gateway was killed (bound %d ms)%n",
				took.toMillis(), OFFLINE_BOUND.toMillis());
		assertThat(alice.presenceOf(bob.username)).isEqualTo("OFFLINE");
		alice.screenshot("22-alice-sees-bob-offline");
	}

}
