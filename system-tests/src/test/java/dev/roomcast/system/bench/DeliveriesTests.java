package dev.roomcast.system.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveriesTests {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void countsEachSecondsMessagesTheirDeliveriesAndTheBacklog() {
		// sending began three seconds ago
		long origin = System.nanoTime() - 3 * SECOND;
		Deliveries deliveries = new Deliveries(2, origin);
		long inFirst = origin + SECOND / 2;
		long inSecond = origin + SECOND + SECOND / 2;
		deliveries.sent(inFirst);
		deliveries.sent(inFirst);
		deliveries.sent(inSecond);
		for (int i = 0; i < 4; i++) {
			deliveries.delivered(inFirst);
		}
		deliveries.delivered(inSecond);

		Deliveries.Window first = deliveries.window(0, 1);
		assertThat(first.sent()).isEqualTo(2);
		assertThat(first.delivered()).isEqualTo(4);
		assertThat(first.missing(2)).isZero();
		// delivered now, at least two and a half seconds after it was sent
		assertThat(first.ms(99)).isGreaterThanOrEqualTo(2490);
		assertThat(deliveries.window(1, 2).missing(2)).isEqualTo(1);
		assertThat(deliveries.window(0, 3).arrived()).isZero();
		assertThat(deliveries.window(3, Integer.MAX_VALUE).arrived()).isEqualTo(5);
		assertThat(deliveries.backlogBefore(1)).isZero();
		assertThat(deliveries.backlogBefore(2)).isEqualTo(0.5);
		assertThat(deliveries.sinceBeginning().sent()).isEqualTo(3);
	}

	@Test
	void leavesOutWhatWasSentBeforeSendingBegan() {
		long origin = System.nanoTime();
		Deliveries deliveries = new Deliveries(1, origin);
		deliveries.sent(origin - SECOND);
		deliveries.delivered(origin - SECOND);
		assertThat(deliveries.sinceBeginning().sent()).isZero();
		assertThat(deliveries.sinceBeginning().delivered()).isZero();
		assertThat(deliveries.arrived()).isEqualTo(1);
	}

}
