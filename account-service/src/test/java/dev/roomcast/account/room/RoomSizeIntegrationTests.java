package dev.roomcast.account.room;

import java.util.List;
import java.util.Map;

import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group size limit is a setting ({@code roomcast.account.rooms.max-members}): small
 * here, so that four users exceed it.
 */
@RoomcastIntegrationTest(properties = "roomcast.account.rooms.max-members=3")
class RoomSizeIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void aGroupHasAtMostTheConfiguredNumberOfMembers() {
		ApiClient owner = ApiClient.local(this.port).withNewUser("owner");
		List<ApiClient> others = List.of(ApiClient.local(this.port).withNewUser("m"),
				ApiClient.local(this.port).withNewUser("m"), ApiClient.local(this.port).withNewUser("m"));
		others.forEach(owner::befriend);
		List<String> ids = others.stream().map(ApiClient::userId).toList();

		ApiClient.Response tooMany = owner.post("/api/rooms", Map.of("name", "big", "memberIds", ids));
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.body().toString()).contains("memberIds").contains("at most 2 users");

		String roomId = owner.createGroup("full", ids.subList(0, 2)).get("id").asString();
		ApiClient.Response oneMore = owner.post("/api/rooms/" + roomId + "/members", Map.of("userId", ids.get(2)));
		assertThat(oneMore.status()).isEqualTo(409);
		assertThat(oneMore.body().get("detail").asString()).contains("at most 3 members");
	}

}
