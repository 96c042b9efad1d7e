package dev.roomcast.system.browser;

import java.time.Duration;
import java.util.List;

import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.http.ApiClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session that ends on the server (logged out from another client, or expired) sends
 * the signed-in page back to the sign-in form with "Your session ended", within seconds
 * and without a reload, instead of retrying the WebSocket handshake for ever: headless
 * Chromium against the whole system.
 */
class SessionEndBrowserSystemTests {

	private static final String PASSWORD = "correct horse battery";

	/**
	 * The gateway closes a socket whose session ended at its next session check (2 s),
	 * the client reconnects after 0.5 s and asks {@code GET /api/me} first.
	 */
	private static final Duration WITHIN_SECONDS = Duration.ofSeconds(15);

	private final RoomcastSystem system = RoomcastSystem.shared();

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@Test
	void aLogoutFromAnotherClientOfTheSameSessionShowsTheSignInForm() {
		ChatPage alice = signedInAlice();
		ApiClient sameSession = new ApiClient(this.system.gatewayUrl()).withSession(alice.sessionId());
		assertThat(sameSession.me().get("username").asString()).isEqualTo(alice.username);

		sameSession.logout();

		awaitSignInWithTheMessage(alice);
		alice.screenshot("30-alice-session-ended");
	}

	@Test
	void aSessionThatExpiresShowsTheSignInForm() {
		ChatPage alice = signedInAlice();
		RedisClient redis = RedisClient.create("redis://localhost:" + this.system.infra().redisPort());
		try (StatefulRedisConnection<String, String> connection = redis.connect()) {
			// the session's hash, <namespace>:sessions:<id>, expires as the idle timeout
			// would make it
			List<String> keys = connection.sync().keys("*:sessions:" + alice.sessionId());
			assertThat(keys).hasSize(1);
			assertThat(connection.sync().pexpire(keys.get(0), 1)).isTrue();
		}
		finally {
			redis.shutdown();
		}

		awaitSignInWithTheMessage(alice);
	}

	private ChatPage signedInAlice() {
		ChatPage alice = this.browsers.open(this.system.gatewayUrl(), "Alice");
		alice.signUp(PASSWORD);
		alice.awaitConnectionState("connected");
		alice.markPage();
		return alice;
	}

	private static void awaitSignInWithTheMessage(ChatPage alice) {
		await().atMost(WITHIN_SECONDS).until(alice::showsSignIn);
		// the login form, although Alice signed up on the signup form
		assertThat(alice.text("login-error")).contains("Your session ended");
		assertThat(alice.isSamePage()).as("the page was not reloaded").isTrue();
		assertThat(alice.connectionState()).isEqualTo("offline");
	}

}
