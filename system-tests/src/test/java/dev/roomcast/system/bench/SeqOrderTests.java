package dev.roomcast.system.bench;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeqOrderTests {

	private final List<String> outOfOrder = new ArrayList<>();

	private final SeqOrder order = new SeqOrder(new LeanStompClient.Listener() {

		@Override
		public void delivered(long sentNanos) {
		}

		@Override
		public void receipt(long sentNanos) {
		}

		@Override
		public void outOfOrder(String roomId, long expected, long seq) {
			SeqOrderTests.this.outOfOrder.add(roomId + " " + expected + " " + seq);
		}

	});

	@Test
	void acceptsEachRoomsSeqsOneAfterTheOtherFromTheSubscriptionsLastSeq() {
		this.order.base("r1", 4);
		receive("r1", 5);
		receive("r2", 9);
		receive("r1", 6);
		receive("r2", 10);
		assertThat(this.outOfOrder).isEmpty();
	}

	@Test
	void reportsASkipARepeatAndAStepBack() {
		this.order.base("r1", 2);
		receive("r1", 4, 4, 3, 5);
		assertThat(this.outOfOrder).containsExactly("r1 3 4", "r1 5 4", "r1 5 3");
	}

	@Test
	void ignoresFramesOfOtherDestinationsAndTheTextsOfMessages() {
		this.order.base("r1", 2);
		this.order.check("MESSAGE\ndestination:/user/queue/updates\n\n{\"seq\":9}\0");
		this.order.check("MESSAGE\ndestination:/topic/rooms/r1\nsubscription:r1\n\n"
				+ "{\"type\":\"EDIT\",\"seq\":3,\"targetSeq\":7,\"text\":\"\\\"seq\\\":1\"}\0");
		assertThat(this.outOfOrder).isEmpty();
	}

	/** The room's MESSAGE frames with these seqs arrive, in this order. */
	private void receive(String roomId, long... seqs) {
		for (long seq : seqs) {
			this.order.check(frame(roomId, seq));
		}
	}

	private static String frame(String roomId, long seq) {
		return "MESSAGE\ndestination:/topic/rooms/" + roomId + "\ncontent-type:application/json\nsubscription:" + roomId
				+ "\nmessage-id:s-1\ncontent-length:40\n\n{\"type\":\"MESSAGE\",\"roomId\":\"" + roomId + "\",\"seq\":"
				+ seq + ",\"text\":\"sent at 1\"}\0";
	}

}
