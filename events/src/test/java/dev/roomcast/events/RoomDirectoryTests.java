package dev.roomcast.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoomDirectoryTests {

	private final RoomDirectory directory = new RoomDirectory();

	@Test
	void newerSnapshotReplacesOlderButNotTheOtherWayRound() {
		this.directory.apply("r", snapshot(2, "a", "b"));
		this.directory.apply("r", snapshot(1, "a"));
		assertThat(this.directory.isMember("r", "b")).isTrue();
		this.directory.apply("r", snapshot(3, "a"));
		assertThat(this.directory.isMember("r", "b")).isFalse();
	}

	@Test
	void tombstoneRemovesTheRoom() {
		this.directory.apply("r", snapshot(1, "a"));
		this.directory.apply("r", null);
		assertThat(this.directory.find("r")).isEmpty();
		assertThat(this.directory.isMember("r", "a")).isFalse();
	}

	@Test
	void awaitMemberSeesASnapshotThatArrivesWhileWaiting() {
		CompletableFuture<Boolean> member = CompletableFuture
			.supplyAsync(() -> this.directory.awaitMember("r", "a", Duration.ofSeconds(10)));
		this.directory.apply("r", snapshot(1, "a"));
		assertThat(member.join()).isTrue();
	}

	@Test
	void awaitMemberRefusesANonMemberAfterTheTimeout() {
		this.directory.apply("r", snapshot(1, "a"));
		assertThat(this.directory.awaitMember("r", "intruder", Duration.ofMillis(50))).isFalse();
	}

	@Test
	void awaitVersionSeesANewerSnapshotOrTheRoomsDeletion() {
		this.directory.apply("r", snapshot(1, "a", "b"));
		CompletableFuture<Boolean> caughtUp = CompletableFuture
			.supplyAsync(() -> this.directory.awaitVersion("r", 2, Duration.ofSeconds(10)));
		this.directory.apply("r", snapshot(2, "a"));
		assertThat(caughtUp.join()).isTrue();
		assertThat(this.directory.awaitVersion("r", 3, Duration.ofMillis(50))).isFalse();
		this.directory.apply("r", null);
		assertThat(this.directory.awaitVersion("r", 3, Duration.ofMillis(50))).isTrue();
	}

	private static RoomSnapshot snapshot(long version, String... members) {
		return new RoomSnapshot(1, "e", Instant.now(), "r", RoomSnapshot.Kind.GROUP, "g", "a", List.of(members),
				version);
	}

}
