package dev.roomcast.account.auditor;

import java.util.List;
import java.util.Map;

import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import dev.roomcast.testsupport.http.ApiClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@RoomcastIntegrationTest
class AuditorAccountIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	PasswordEncoder encoder;

	@Test
	void bootstrapAuditorLogsInButTakesNoPartInChat() {
		ApiClient auditor = ApiClient.local(this.port);
		auditor.login("chief-auditor", "audit-secret-1");
		assertThat(auditor.get("/api/me").status()).isEqualTo(200);
		assertThat(auditor.get("/api/rooms").status()).isEqualTo(403);
		assertThat(auditor.post("/api/rooms", Map.of("name", "mine", "memberIds", List.of())).status()).isEqualTo(403);
		assertThat(auditor.get("/api/contacts").status()).isEqualTo(403);
		assertThat(auditor.get("/api/users?q=a").status()).isEqualTo(403);
	}

	@Test
	void usersCannotFindOrAddAnAuditor() {
		ApiClient auditor = ApiClient.local(this.port);
		String auditorId = auditor.login("chief-auditor", "audit-secret-1").get("id").asString();
		ApiClient user = ApiClient.local(this.port).withNewUser("amy");
		assertThat(user.searchUsers("chief-aud").size()).isZero();
		assertThat(user.post("/api/contacts", Map.of("username", "chief-auditor")).status()).isEqualTo(404);
		String roomId = user.createGroup("with an auditor", List.of()).get("id").asString();
		assertThat(user.post("/api/rooms/" + roomId + "/members", Map.of("userId", auditorId)).status()).isEqualTo(404);
	}

	@Test
	void signupCannotTakeAnAuditorsNameNorIsAUserPromoted() {
		ApiClient client = ApiClient.local(this.port);
		assertThat(client
			.send("POST", "/api/auth/signup",
					Map.of("username", "Chief-Auditor", "password", "password123", "displayName", "Fake"), true)
			.status()).isEqualTo(409);
		ApiClient user = ApiClient.local(this.port);
		String name = user.signupNew("bob").get("username").asString();
		assertThatIllegalArgumentException().isThrownBy(
				() -> AuditorAccounts.createOrUpdate(this.mongo.getCollection("users"), this.encoder, name, "x2345678"))
			.withMessageContaining("chat user");
	}

	@Test
	void operatorCreatesAnotherAuditor() {
		assertThat(AuditorAccounts.createOrUpdate(this.mongo.getCollection("users"), this.encoder,
				ApiClient.uniqueName("aud"), "audit-secret-2"))
			.isTrue();
	}

}
