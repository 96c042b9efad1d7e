package dev.roomcast.gateway.delivery;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoomSubscriptionsTests {

	private final RoomSubscriptions subscriptions = new RoomSubscriptions(new SimpleMeterRegistry());

	@Test
	void keepsEachRoomsSubscribersUntilTheyUnsubscribeOrTheirSessionEnds() {
		this.subscriptions.add("room-1", "s-1", "sub-a", "u-1");
		this.subscriptions.add("room-1", "s-2", "sub-a", "u-2");
		this.subscriptions.add("room-2", "s-1", "sub-b", "u-1");

		assertThat(this.subscriptions.of("room-1")).extracting(RoomSubscriptions.Subscriber::sessionId)
			.containsExactly("s-1", "s-2");
		this.subscriptions.remove("s-2", "sub-a");
		assertThat(this.subscriptions.of("room-1")).extracting(RoomSubscriptions.Subscriber::sessionId)
			.containsExactly("s-1");
		this.subscriptions.removeSession("s-1");
		assertThat(this.subscriptions.of("room-1")).isEmpty();
		assertThat(this.subscriptions.of("room-2")).isEmpty();
		assertThat(this.subscriptions.count()).isZero();
	}

	@Test
	void aSubscriptionIdUsedAgainMovesTheSubscription() {
		this.subscriptions.add("room-1", "s-1", "sub-a", "u-1");
		this.subscriptions.add("room-2", "s-1", "sub-a", "u-1");

		assertThat(this.subscriptions.of("room-1")).isEmpty();
		assertThat(this.subscriptions.of("room-2")).hasSize(1);
	}

	@Test
	void escapesTheClientsSubscriptionIdInTheFrameHead() {
		this.subscriptions.add("room-1", "s-1", "a:b\nc\\d", "u-1");

		assertThat(this.subscriptions.of("room-1")[0].frameHead())
			.isEqualTo("MESSAGE\ndestination:/topic/rooms/room-1\ncontent-type:application/json\n"
					+ "subscription:a\\cb\\nc\\\\d\nmessage-id:s-1-");
	}

}
