package dev.roomcast.account.update;

import java.util.List;

import dev.roomcast.events.UserUpdate;
import dev.roomcast.events.UserUpdate.Type;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@RoomcastIntegrationTest
class UserUpdatesIntegrationTests {

	@LocalServerPort
	int port;

	@RegisterExtension
	final UpdateWatcher updates = new UpdateWatcher();

	@Test
	void contactChangesAreToldToBothSides() {
		ApiClient alice = ApiClient.local(this.port).withNewUser("alice");
		ApiClient bob = ApiClient.local(this.port).withNewUser("bob");
		String aliceId = alice.userId();
		String bobId = bob.userId();

		alice.requestContact(bob.username());
		UserUpdate requested = this.updates.await(bobId, Type.CONTACT_REQUESTED, (update) -> true);
		assertThat(requested.data()).containsEntry("userId", aliceId)
			.containsEntry("username", alice.username())
			.containsEntry("state", "PENDING");
		assertThat(this.updates.await(aliceId, Type.CONTACT_REQUESTED, (update) -> true).data())
			.containsEntry("userId", bobId)
			.containsEntry("state", "REQUESTED");

		bob.acceptContact(aliceId);
		assertThat(this.updates.await(aliceId, Type.CONTACT_ACCEPTED, (update) -> true).data())
			.containsEntry("userId", bobId)
			.containsEntry("state", "ACCEPTED");
		this.updates.await(bobId, Type.CONTACT_ACCEPTED, (update) -> aliceId.equals(update.data().get("userId")));

		alice.blockContact(bobId);
		this.updates.await(aliceId, Type.CONTACT_BLOCKED, (update) -> bobId.equals(update.data().get("userId")));
		// the blocked user sees the contact go, not the block
		this.updates.await(bobId, Type.CONTACT_REMOVED, (update) -> aliceId.equals(update.data().get("userId")));
		assertThat(this.updates.of(bobId)).noneMatch((update) -> update.type() == Type.CONTACT_BLOCKED);
	}

	@Test
	void aDeclinedRequestIsRemovedForBoth() {
		ApiClient alice = ApiClient.local(this.port).withNewUser("alice");
		ApiClient bob = ApiClient.local(this.port).withNewUser("bob");
		String aliceId = alice.userId();
		String bobId = bob.userId();
		alice.requestContact(bob.username());

		bob.declineContact(aliceId);

		this.updates.await(aliceId, Type.CONTACT_REMOVED, (update) -> bobId.equals(update.data().get("userId")));
		this.updates.await(bobId, Type.CONTACT_REMOVED, (update) -> aliceId.equals(update.data().get("userId")));
	}

	@Test
	void roomChangesAreToldToWhoGainedLostOrStayed() {
		ApiClient alice = ApiClient.local(this.port).withNewUser("alice");
		ApiClient bob = ApiClient.local(this.port).withNewUser("bob");
		ApiClient carol = ApiClient.local(this.port).withNewUser("carol");
		String aliceId = alice.userId();
		String bobId = bob.userId();
		String carolId = carol.userId();
		alice.befriend(bob);
		alice.befriend(carol);

		String roomId = alice.createGroup("Team", List.of(bobId)).get("id").asString();
		for (String userId : List.of(aliceId, bobId)) {
			assertThat(
					this.updates.await(userId, Type.ROOM_ADDED, (update) -> roomId.equals(update.data().get("roomId")))
						.data())
				.containsEntry("name", "Team")
				.containsEntry("kind", "GROUP");
		}

		alice.addMember(roomId, carolId);
		this.updates.await(carolId, Type.ROOM_ADDED, (update) -> roomId.equals(update.data().get("roomId")));
		this.updates.await(aliceId, Type.ROOM_CHANGED, (update) -> roomId.equals(update.data().get("roomId")));
		this.updates.await(bobId, Type.ROOM_CHANGED, (update) -> roomId.equals(update.data().get("roomId")));

		bob.removeMember(roomId, bobId);
		this.updates.await(bobId, Type.ROOM_REMOVED, (update) -> roomId.equals(update.data().get("roomId")));
		this.updates.await(carolId, Type.ROOM_CHANGED, (update) -> roomId.equals(update.data().get("roomId"))
				&& ((Number) update.data().get("version")).longValue() == alice.room(roomId).get("version").asLong());
		// nothing more about the room reaches the one who left
		assertThat(this.updates.of(bobId)).filteredOn((update) -> roomId.equals(update.data().get("roomId")))
			.last()
			.extracting(UserUpdate::type)
			.isEqualTo(Type.ROOM_REMOVED);
	}

}
