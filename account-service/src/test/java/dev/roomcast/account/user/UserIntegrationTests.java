package dev.roomcast.account.user;

import java.util.UUID;

import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@RoomcastIntegrationTest
class UserIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void searchFindsUpToTwentyUsersByUsernamePrefixWithoutSecrets() {
		String prefix = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		ApiClient searcher = ApiClient.local(this.port);
		for (int i = 0; i < 22; i++) {
			searcher = ApiClient.local(this.port);
			searcher.signup(prefix + "_" + i, "password123", "Searchable " + i);
		}
		JsonNode found = searcher.searchUsers(prefix.toUpperCase());
		assertThat(found.size()).isEqualTo(20);
		found.forEach((user) -> {
			assertThat(user.get("username").asString()).startsWith(prefix);
			assertThat(user.propertyNames()).containsExactlyInAnyOrder("id", "username", "displayName");
		});
		assertThat(searcher.searchUsers(prefix + "_21").size()).isEqualTo(1);
		assertThat(searcher.searchUsers("zz" + prefix).size()).isZero();
	}

	@Test
	void searchWithCharactersNoUsernameHoldsFindsNothingAndNeverFails() {
		ApiClient client = ApiClient.local(this.port).withNewUser("nul");
		for (String q : new String[] { "%00", "a%00", ".*", "%5E.*", "%7B%22%24gt%22%3A%22%22%7D", "%5Ba-z%5D%2B(" }) {
			ApiClient.Response response = client.get("/api/users?q=" + q);
			assertThat(response.status()).as(q).isEqualTo(200);
			assertThat(response.body().size()).as(q).isZero();
		}
	}

	@Test
	void searchNeedsAPrefixAndASession() {
		ApiClient client = ApiClient.local(this.port).withNewUser("kim");
		ApiClient.Response missing = client.get("/api/users");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.body().get("detail").asString()).contains("q");
		assertThat(ApiClient.local(this.port).get("/api/users?q=a").status()).isEqualTo(401);
	}

	@Test
	void meAnswersTheSignedInUser() {
		ApiClient client = ApiClient.local(this.port);
		JsonNode user = client.signupNew("leo");
		assertThat(client.me()).isEqualTo(user);
	}

}
