package dev.roomcast.account.update;

import java.util.List;

import dev.roomcast.events.UserUpdate;
import dev.roomcast.events.UserUpdate.Type;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.roomcast.account.update.UpdateWatcher.about;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contact and room changes made through the API reach every user they concern on
 * {@code user.updates}. Each test starts with two new users, Alice and Bob, who are not
 * contacts yet.
 */
@RoomcastIntegrationTest
class UserUpdatesIntegrationTests {

	@LocalServerPort
	int port;

	@RegisterExtension
	final UpdateWatcher updates = new UpdateWatcher();

	private ApiClient alice;

	private ApiClient bob;

	private String aliceId;

	private String bobId;

	@BeforeEach
	void signUpAliceAndBob() {
		this.alice = ApiClient.local(this.port).withNewUser("alice");
		this.bob = ApiClient.local(this.port).withNewUser("bob");
		this.aliceId = this.alice.userId();
		this.bobId = this.bob.userId();
	}

	@Test
	void contactChangesAreToldToBothSides() {
		this.alice.requestContact(this.bob.username());
		UserUpdate requested = this.updates.await(this.bobId, Type.CONTACT_REQUESTED, (update) -> true);
		assertThat(requested.data()).containsEntry("userId", this.aliceId)
			.containsEntry("username", this.alice.username())
			.containsEntry("state", "PENDING");
		assertThat(this.updates.await(this.aliceId, Type.CONTACT_REQUESTED, (update) -> true).data())
			.containsEntry("userId", this.bobId)
			.containsEntry("state", "REQUESTED");

		this.bob.acceptContact(this.aliceId);
		assertThat(this.updates.await(this.aliceId, Type.CONTACT_ACCEPTED, (update) -> true).data())
			.containsEntry("userId", this.bobId)
			.containsEntry("state", "ACCEPTED");
		this.updates.await(this.bobId, Type.CONTACT_ACCEPTED, about("userId", this.aliceId));

		this.alice.blockContact(this.bobId);
		this.updates.await(this.aliceId, Type.CONTACT_BLOCKED, about("userId", this.bobId));
		// the blocked user sees the contact go, not the block
		this.updates.await(this.bobId, Type.CONTACT_REMOVED, about("userId", this.aliceId));
		assertThat(this.updates.of(this.bobId)).noneMatch((update) -> update.type() == Type.CONTACT_BLOCKED);
	}

	@Test
	void aDeclinedRequestIsRemovedForBoth() {
		this.alice.requestContact(this.bob.username());

		this.bob.declineContact(this.aliceId);

		this.updates.await(this.aliceId, Type.CONTACT_REMOVED, about("userId", this.bobId));
		this.updates.await(this.bobId, Type.CONTACT_REMOVED, about("userId", this.aliceId));
	}

	@Test
	void roomChangesAreToldToWhoGainedLostOrStayed() {
		ApiClient carol = ApiClient.local(this.port).withNewUser("carol");
		String carolId = carol.userId();
		this.alice.befriend(this.bob);
		this.alice.befriend(carol);

		String roomId = this.alice.createGroup("Team", List.of(this.bobId)).get("id").asString();
		for (String userId : List.of(this.aliceId, this.bobId)) {
			assertThat(this.updates.await(userId, Type.ROOM_ADDED, about("roomId", roomId)).data())
				.containsEntry("name", "Team")
				.containsEntry("kind", "GROUP");
		}

		this.alice.addMember(roomId, carolId);
		this.updates.await(carolId, Type.ROOM_ADDED, about("roomId", roomId));
		this.updates.await(this.aliceId, Type.ROOM_CHANGED, about("roomId", roomId));
		this.updates.await(this.bobId, Type.ROOM_CHANGED, about("roomId", roomId));

		this.bob.removeMember(roomId, this.bobId);
		this.updates.await(this.bobId, Type.ROOM_REMOVED, about("roomId", roomId));
		long version = this.alice.room(roomId).get("version").asLong();
		this.updates.await(carolId, Type.ROOM_CHANGED, (update) -> roomId.equals(update.data().get("roomId"))
				&& ((Number) update.data().get("version")).longValue() == version);
		// nothing more about the room reaches the one who left
		assertThat(this.updates.of(this.bobId)).filteredOn(about("roomId", roomId))
			.last()
			.extracting(UserUpdate::type)
			.isEqualTo(Type.ROOM_REMOVED);
	}

}
