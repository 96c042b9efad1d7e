package dev.roomcast.system.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * What the benchmark's sessions received, by second since sending began: for the messages
 * sent in each second their latencies (SEND to each subscriber's MESSAGE) and how many
 * deliveries of them arrived; for each second how many messages were sent in it and how
 * many deliveries arrived in it. Every mode reads its figures from these seconds: a
 * measured window is a range of them. Also counts the order violations the sessions saw
 * and times the RECEIPTs of sends.
 */
final class Deliveries implements LeanStompClient.Listener {

	/** Latencies above this (a backlog of minutes) are recorded as this. */
	private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

	private final int subscribers;

	private final long origin;

	private final List<Second> seconds = new ArrayList<>();

	private final AtomicLong arrived = new AtomicLong();

	private final AtomicLong reordered = new AtomicLong();

	private volatile long lastArrival;

	/**
	 * @param subscribers deliveries per message sent
	 * @param origin when sending begins, {@link System#nanoTime()}
	 */
	Deliveries(int subscribers, long origin) {
		this.subscribers = subscribers;
		this.origin = origin;
	}

	/**
	 * A listener for sessions that connect before sending begins: it reports to the
	 * deliveries the supplier gives at the time, once it gives any.
	 * @param current the run's deliveries, {@code null} until sending begins
	 * @return the listener
	 */
	static LeanStompClient.Listener reportingTo(Supplier<Deliveries> current) {
		return new LeanStompClient.Listener() {

			@Override
			public void delivered(long sentNanos) {
				Deliveries deliveries = current.get();
				if (deliveries != null) {
					deliveries.delivered(sentNanos);
				}
			}

			@Override
			public void receipt(long sentNanos) {
				Deliveries deliveries = current.get();
				if (deliveries != null) {
					deliveries.receipt(sentNanos);
				}
			}

			@Override
			public void outOfOrder(String roomId, long expected, long seq) {
				Deliveries deliveries = current.get();
				if (deliveries != null) {
					deliveries.outOfOrder(roomId, expected, seq);
				}
			}

		};
	}

	int subscribers() {
		return this.subscribers;
	}

	/** The second since sending began that a time falls in (negative before). */
	int second(long nanos) {
		return (int) Math.floorDiv(nanos - this.origin, 1_000_000_000L);
	}

	/** The start of a second since sending began, {@link System#nanoTime()}. */
	long startOf(int second) {
		return this.origin + second * 1_000_000_000L;
	}

	/** Counts a message sent now. */
	void sent(long sentNanos) {
		int second = second(sentNanos);
		if (second >= 0) {
			synchronized (this.seconds) {
				slot(second).sent++;
			}
		}
	}

	@Override
	public void delivered(long sentNanos) {
		long now = System.nanoTime();
		this.arrived.incrementAndGet();
		this.lastArrival = now;
		int sentIn = second(sentNanos);
		if (sentIn < 0) {
			// a message of a run that began before this one's origin
			return;
		}
		long micros = Math.min(MAX_MICROS, Math.max(0, (now - sentNanos) / 1000));
		synchronized (this.seconds) {
			Second slot = slot(sentIn);
			slot.latency.recordValue(micros);
			slot.delivered++;
			slot(second(now)).arrived++;
		}
	}

	@Override
	public void receipt(long sentNanos) {
		long micros = Math.min(MAX_MICROS, Math.max(0, (System.nanoTime() - sentNanos) / 1000));
		int sentIn = second(sentNanos);
		if (sentIn >= 0) {
			synchronized (this.seconds) {
				slot(sentIn).receipts.recordValue(micros);
			}
		}
	}

	@Override
	public void outOfOrder(String roomId, long expected, long seq) {
		if (this.reordered.getAndIncrement() < 5) {
			System.err.printf("Out of order in room %s: seq %d where %d was due%n", roomId, seq, expected);
		}
	}

	/** Deliveries arrived so far, of any message. */
	long arrived() {
		return this.arrived.get();
	}

	/** When the last delivery arrived, {@link System#nanoTime()}. */
	long lastArrival() {
		return this.lastArrival;
	}

	/** Room events a subscriber saw out of order (a skip, a repeat or going back). */
	long reordered() {
		return this.reordered.get();
	}

	/**
	 * The figures of the messages sent in a range of seconds, as they stand now.
	 * @param from the first second
	 * @param to the second after the last
	 * @return the window's figures
	 */
	Window window(int from, int to) {
		Histogram latency = new Histogram(MAX_MICROS, 2);
		Histogram receipts = new Histogram(MAX_MICROS, 2);
		long sent = 0;
		long delivered = 0;
		long arrivedIn = 0;
		synchronized (this.seconds) {
			for (int second = Math.max(0, from); second < Math.min(to, this.seconds.size()); second++) {
				Second slot = this.seconds.get(second);
				latency.add(slot.latency);
				receipts.add(slot.receipts);
				sent += slot.sent;
				delivered += slot.delivered;
				arrivedIn += slot.arrived;
			}
		}
		return new Window(to - from, sent, delivered, arrivedIn, latency, receipts);
	}

	/**
	 * Messages sent before a second that some subscriber has not received yet, in
	 * messages (missing deliveries divided by the subscribers).
	 * @param before the first second not counted
	 * @return the backlog
	 */
	double backlogBefore(int before) {
		long missing = 0;
		synchronized (this.seconds) {
			for (int second = 0; second < Math.min(before, this.seconds.size()); second++) {
				Second slot = this.seconds.get(second);
				missing += slot.sent * this.subscribers - slot.delivered;
			}
		}
		return missing / (double) this.subscribers;
	}

	/**
	 * The figures of every message sent so far.
	 * @return the figures from the first second to the current one
	 */
	Window sinceBeginning() {
		return window(0, second(System.nanoTime()) + 1);
	}

	private Second slot(int second) {
		while (this.seconds.size() <= second) {
			this.seconds.add(new Second());
		}
		return this.seconds.get(second);
	}

	private static final class Second {

		/** Of the messages sent in this second. */
		final AbstractHistogram latency = new IntCountsHistogram(MAX_MICROS, 2);

		/** SEND to RECEIPT of the messages sent in this second. */
		final AbstractHistogram receipts = new IntCountsHistogram(MAX_MICROS, 2);

		long sent;

		/** Deliveries of the messages sent in this second. */
		long delivered;

		/** Deliveries, of any message, that arrived in this second. */
		long arrived;

	}

	/**
	 * The figures of the messages sent in a range of seconds.
	 *
	 * @param seconds how many seconds
	 * @param sent messages sent in them
	 * @param delivered deliveries of those messages
	 * @param arrived deliveries (of any message) that arrived in those seconds
	 * @param latency the latencies of those deliveries, in µs
	 * @param receipts SEND to RECEIPT of those messages, in µs
	 */
	record Window(int seconds, long sent, long delivered, long arrived, Histogram latency, Histogram receipts) {

		double sentPerSecond() {
			return this.sent / (double) this.seconds;
		}

		double arrivedPerSecond() {
			return this.arrived / (double) this.seconds;
		}

		/** Deliveries of these messages not (yet) arrived. */
		long missing(int subscribers) {
			return this.sent * subscribers - this.delivered;
		}

		double ms(double percentile) {
			return ms(this.latency, percentile);
		}

		static double ms(Histogram histogram, double percentile) {
			return histogram.getValueAtPercentile(percentile) / 1000.0;
		}

	}

}
