package dev.roomcast.account;

import java.util.concurrent.ThreadLocalRandom;

import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.servers.TestInfrastructure;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one application context every API test shares (so it starts once), on the real
 * servers, with small login limits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"roomcast.account.login.failures-per-account=3", "roomcast.account.login.failures-per-address=5" })
public abstract class AccountIntegrationTest {

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		TestInfrastructure.register("roomcast-accounts", registry::add);
	}

	/**
	 * A new user agent with its own cookies, from its own (private) client address so
	 * that the per-address login limit of one test does not touch another.
	 * @return the client
	 */
	protected ApiClient client() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return new ApiClient("http://localhost:" + this.port)
			.forwardedFor("10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255));
	}

	protected ApiClient signedUp(String prefix) {
		ApiClient client = client();
		client.signupNew(prefix);
		return client;
	}

}
