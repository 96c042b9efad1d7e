package dev.roomcast.system.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.roomcast.system.support.ChatRoom;
import dev.roomcast.testsupport.http.ApiClient;
import dev.roomcast.testsupport.stomp.StompTestClient;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

import org.springframework.messaging.simp.stomp.StompHeaders;

import static org.awaitility.Awaitility.await;

/**
 * A steady load on the whole system and the outside checker that judges it. Each of
 * {@code rooms} direct rooms has two members, each with its own STOMP connection
 * subscribed to the room; one of them sends {@code rate / rooms} messages a second.
 * Members behave as the web client does (docs/api.md section 5): a member whose
 * connection drops reconnects (to any gateway that answers; signing in again when its
 * session is gone), subscribes first and reads history after the last seq it has up to
 * the RECEIPT's {@code last-seq}; a send without a RECEIPT is sent again with the same
 * messageId after a reconnect and every {@link #RESEND_AFTER} until it is acknowledged
 * (an {@code UNAVAILABLE} refusal waits for that too: resending at once would flood a
 * gateway that waits up to a second on Kafka for each).
 *
 * <p>
 * The checker records every acknowledged messageId and every message each member gets,
 * live or from history ({@link RoomView}), and at the end compares them with what is
 * stored ({@link Figures}).
 */
final class ChaosLoad implements AutoCloseable {

	/** How long a send waits for its RECEIPT before it is sent again. */
	static final Duration RESEND_AFTER = Duration.ofSeconds(10);

	private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration WAIT = Duration.ofSeconds(300);

	private static final int PAGE = 200;

	private final List<String> gateways;

	private final int rate;

	private final List<Room> rooms = new ArrayList<>();

	private final List<Member> members = new ArrayList<>();

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	/** messageId → room index, for every message ever sent. */
	private final Map<String, Integer> sent = new ConcurrentHashMap<>();

	private final Set<String> acked = ConcurrentHashMap.newKeySet();

	private final List<Long> ackTimes = new ArrayList<>();

	private final AtomicLong attempts = new AtomicLong();

	private final AtomicLong notConnected = new AtomicLong();

	private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();

	private final AtomicLong counter = new AtomicLong();

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "chaos-load");
		thread.setDaemon(true);
		return thread;
	});

	private final ExecutorService reconnects = Executors.newFixedThreadPool(4, (task) -> {
		Thread thread = new Thread(task, "chaos-reconnect");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean sending;

	private double owed;

	/**
	 * Sets up the rooms and connects every member.
	 * @param gateways the gateways' base URLs; members are spread over them and reconnect
	 * to whichever answers
	 * @param rooms how many rooms
	 * @param rate messages a second over all rooms
	 */
	ChaosLoad(List<String> gateways, int rooms, int rate) {
		this.gateways = List.copyOf(gateways);
		this.rate = rate;
		for (int r = 0; r < rooms; r++) {
			ChatRoom chat = ChatRoom.direct(gateways.get(0));
			Room room = new Room(r, chat.roomId());
			room.sender = member(room, chat.alice(), gateways.get(r % gateways.size()));
			member(room, chat.bob(), gateways.get((r + 1) % gateways.size()));
			this.rooms.add(room);
		}
		for (Member member : this.members) {
			connect(member, member.gateway);
		}
		this.scheduler.scheduleAtFixedRate(this::tick, 10, 10, TimeUnit.MILLISECONDS);
		this.scheduler.scheduleWithFixedDelay(this::watch, 250, 250, TimeUnit.MILLISECONDS);
	}

	private Member member(Room room, ApiClient api, String gateway) {
		Member member = new Member(room, api, api.username(), gateway);
		this.members.add(member);
		return member;
	}

	/** Starts sending at the rate. */
	void start() {
		this.sending = true;
	}

	/**
	 * Stops sending new messages, then waits until every message is acknowledged and
	 * every member has every acknowledged message.
	 */
	void finish() {
		this.sending = false;
		awaitQuietly(() -> this.pending.isEmpty());
		awaitQuietly(() -> this.members.stream().allMatch((member) -> member.view.hasAll(ackedIn(member.room))));
	}

	/**
	 * The members on a gateway now.
	 * @param gateway the gateway's base URL
	 * @return how many are connected there
	 */
	long connectedTo(String gateway) {
		return this.members.stream()
			.filter((member) -> gateway.equals(member.connectedTo) && member.client.isConnected())
			.count();
	}

	/** Whether every member is connected and subscribed. */
	boolean allConnected() {
		return this.members.stream().allMatch((member) -> member.connectedTo != null && member.client.isConnected());
	}

	/**
	 * Messages sent so far (not counting resends).
	 * @return the count
	 */
	long sentCount() {
		return this.sent.size();
	}

	/**
	 * Messages acknowledged so far.
	 * @return the count
	 */
	long ackedCount() {
		return this.acked.size();
	}

	/**
	 * The figures of the run so far, measuring pauses from a fault on.
	 * @param faultAt when the fault was injected ({@link System#nanoTime()})
	 * @return the figures
	 */
	Figures figures(long faultAt) {
		Figures figures = new Figures();
		figures.sent = this.sent.size();
		figures.attempts = this.attempts.get();
		figures.acked = this.acked.size();
		figures.unacked = this.pending.size();
		figures.notConnected = this.notConnected.get();
		this.errors.forEach((code, count) -> figures.errors.put(code, count.get()));
		List<Long> deliveries = new ArrayList<>();
		for (Member member : this.members) {
			RoomView view = member.view;
			figures.delivered += view.liveDeliveries();
			figures.lost += view.missing(ackedIn(member.room));
			figures.duplicated += view.duplicates();
			figures.reordered += view.inversions();
			figures.gaps += view.gaps();
			figures.reconnects += member.reconnects.get();
			figures.signedInAgain += member.signedInAgain.get();
			figures.longestReconnect = Math.max(figures.longestReconnect, member.longestReconnectMillis);
			deliveries.addAll(view.arrivals());
		}
		figures.deliveryPauseMillis = longestPause(deliveries, faultAt);
		synchronized (this.ackTimes) {
			figures.ackPauseMillis = longestPause(this.ackTimes, faultAt);
		}
		// history trails the live stream, by the whole backlog after persistence-service
		// was down: read it until it holds every acknowledged message (or WAIT passes)
		Map<Room, RoomView> storedViews = new HashMap<>();
		Map<Room, Long> readUpTo = new HashMap<>();
		awaitQuietly(() -> {
			long missing = 0;
			for (Room room : this.rooms) {
				RoomView stored = storedViews.computeIfAbsent(room, (key) -> new RoomView());
				readUpTo.put(room, readHistory(room.sender.api, room.id, stored, readUpTo.getOrDefault(room, 0L)));
				missing += stored.missing(ackedIn(room));
			}
			return missing == 0;
		});
		figures.storedAfterMillis = (System.nanoTime() - faultAt) / 1_000_000;
		for (Room room : this.rooms) {
			RoomView stored = storedViews.get(room);
			figures.storedLost += stored.missing(ackedIn(room));
			figures.storedDuplicated += stored.duplicates() + stored.inversions();
			figures.storedGaps += stored.gaps();
			figures.stored += stored.messages();
		}
		return figures;
	}

	@Override
	public void close() {
		this.sending = false;
		this.scheduler.shutdownNow();
		this.reconnects.shutdownNow();
		for (Member member : this.members) {
			if (member.client != null) {
				member.client.close();
			}
		}
	}

	/** Sends what the rate owes for the last tick. */
	private void tick() {
		if (!this.sending) {
			return;
		}
		this.owed += this.rate / 100.0;
		while (this.owed >= 1) {
			this.owed -= 1;
			long n = this.counter.getAndIncrement();
			Room room = this.rooms.get((int) (n % this.rooms.size()));
			Pending message = new Pending(UUID.randomUUID().toString(), room, "chaos " + n);
			this.sent.put(message.messageId, room.index);
			this.pending.put(message.messageId, message);
			attempt(message);
		}
	}

	private void attempt(Pending message) {
		message.lastAttempt = System.nanoTime();
		message.due = false;
		this.attempts.incrementAndGet();
		Member sender = message.room.sender;
		StompTestClient client = sender.client;
		if (client == null || !client.isConnected()) {
			this.notConnected.incrementAndGet();
			return;
		}
		try {
			client.send(message.room.id, message.messageId, message.text).thenAccept((receipt) -> {
				if (receipt && this.pending.remove(message.messageId) != null) {
					this.acked.add(message.messageId);
					synchronized (this.ackTimes) {
						this.ackTimes.add(System.nanoTime());
					}
				}
			});
		}
		catch (RuntimeException ex) {
			// the connection closed under the send: the reconnect sends it again
			this.notConnected.incrementAndGet();
		}
	}

	/** Reconnects who dropped, reads refusals, sends again what is due. */
	private void watch() {
		for (Member member : this.members) {
			StompTestClient client = member.client;
			if (client != null) {
				readErrors(member, client);
			}
			if ((client == null || !client.isConnected()) && member.reconnecting.compareAndSet(false, true)) {
				if (member.disconnectedAt == 0) {
					member.disconnectedAt = System.nanoTime();
				}
				this.reconnects.execute(() -> reconnect(member));
			}
		}
		long now = System.nanoTime();
		for (Pending message : this.pending.values()) {
			if (message.due || now - message.lastAttempt > RESEND_AFTER.toNanos()) {
				attempt(message);
			}
		}
	}

	private void readErrors(Member member, StompTestClient client) {
		List<JsonNode> received = client.errors();
		while (member.errorsRead < received.size()) {
			JsonNode error = received.get(member.errorsRead++);
			String code = error.path("code").asString("UNKNOWN");
			this.errors.computeIfAbsent(code, (key) -> new AtomicLong()).incrementAndGet();

		}
	}

	private void reconnect(Member member) {
		try {
			List<String> order = new ArrayList<>(this.gateways);
			order.remove(member.gateway);
			order.add(0, member.gateway);
			for (String gateway : order) {
				try {
					connect(member, gateway);
					long millis = (System.nanoTime() - member.disconnectedAt) / 1_000_000;
					member.longestReconnectMillis = Math.max(member.longestReconnectMillis, millis);
					member.disconnectedAt = 0;
					member.reconnects.incrementAndGet();
					// as the web client does after a reconnect: unacknowledged sends
					// again
					this.pending.values()
						.stream()
						.filter((message) -> message.room.sender == member)
						.forEach((message) -> message.due = true);
					return;
				}
				catch (RuntimeException ex) {
					// the next gateway
				}
			}
			// no gateway took the handshake: the session may be gone
			// (docs/reliability.md)
			if (member.api.get("/api/me").status() == 401) {
				member.api.login(member.username, "password123");
				member.signedInAgain.incrementAndGet();
			}
		}
		catch (RuntimeException ex) {
			// tried again at the next watch
		}
		finally {
			member.reconnecting.set(false);
		}
	}

	/** Connects, subscribes and catches up from history as docs/api.md section 5 says. */
	private void connect(Member member, String gateway) {
		StompTestClient client = StompTestClient.connect(gateway,
				new StompTestClient.Handshake(gateway, member.api.cookieHeader(), member.api.csrfToken()),
				RECEIPT_TIMEOUT);
		try {
			long lastSeq = member.view.lastSeq();
			StompHeaders receipt = client
				.subscribeForReceipt("/topic/rooms/" + member.room.id, member.view.newConnection())
				.get(30, TimeUnit.SECONDS);
			if (receipt == null) {
				throw new IllegalStateException("No RECEIPT for the subscription of " + member.username);
			}
			long target = Long.parseLong(Objects.requireNonNullElse(receipt.getFirst("last-seq"), "0"));
			await().atMost(WAIT)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> readHistory(member.api, member.room.id, member.view, lastSeq) >= target);
		}
		catch (Exception ex) {
			client.close();
			throw new IllegalStateException("Could not subscribe " + member.username + " at " + gateway, ex);
		}
		member.client = client;
		member.connectedTo = gateway;
	}

	private Set<String> ackedIn(Room room) {
		Set<String> inRoom = new java.util.HashSet<>();
		for (String messageId : this.acked) {
			if (this.sent.get(messageId) == room.index) {
				inRoom.add(messageId);
			}
		}
		return inRoom;
	}

	private static long longestPause(List<Long> times, long from) {
		List<Long> sorted = new ArrayList<>(times);
		sorted.sort(null);
		long longest = 0;
		long previous = from;
		for (long time : sorted) {
			if (time >= from) {
				longest = Math.max(longest, time - previous);
				previous = time;
			}
		}
		return longest / 1_000_000;
	}

	/**
	 * Reads a room's history after a seq, page by page, into a view.
	 * @return the last seq read ({@code after} when there was none)
	 */
	private static long readHistory(ApiClient api, String roomId, RoomView view, long after) {
		long last = after;
		while (true) {
			JsonNode page = api.history(roomId, last, PAGE);
			if (page.isEmpty()) {
				return last;
			}
			last = view.history(page);
			if (page.size() < PAGE) {
				return last;
			}
		}
	}

	private static void awaitQuietly(java.util.concurrent.Callable<Boolean> condition) {
		try {
			await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			// the figures say what is missing
		}
	}

	/** What a run came to; the test asserts on it and prints it. */
	static final class Figures {

		long sent;

		long attempts;

		long acked;

		long unacked;

		long notConnected;

		long delivered;

		long lost;

		long duplicated;

		long reordered;

		long gaps;

		long stored;

		long storedLost;

		long storedDuplicated;

		long storedGaps;

		long reconnects;

		long signedInAgain;

		long longestReconnect;

		long deliveryPauseMillis;

		long ackPauseMillis;

		long storedAfterMillis;

		final Map<String, Long> errors = new TreeMap<>();

		@Override
		public String toString() {
			return ("sent %d (%d sends with resends, %d while not connected), acked %d, never acked %d; "
					+ "delivered live %d; subscribers: lost %d, duplicated %d, reordered %d, gaps %d; "
					+ "stored %d: lost %d, duplicated %d, gaps %d; errors %s; reconnects %d (longest %d ms), "
					+ "signed in again %d; longest pause after the fault: deliveries %d ms, receipts %d ms; "
					+ "history complete %d ms after the fault")
				.formatted(this.sent, this.attempts, this.notConnected, this.acked, this.unacked, this.delivered,
						this.lost, this.duplicated, this.reordered, this.gaps, this.stored, this.storedLost,
						this.storedDuplicated, this.storedGaps, this.errors, this.reconnects, this.longestReconnect,
						this.signedInAgain, this.deliveryPauseMillis, this.ackPauseMillis, this.storedAfterMillis);
		}

	}

	private static final class Room {

		final int index;

		final String id;

		Member sender;

		Room(int index, String id) {
			this.index = index;
			this.id = id;
		}

	}

	private static final class Member {

		final Room room;

		final ApiClient api;

		final String username;

		/** Where it connects first. */
		final String gateway;

		final RoomView view = new RoomView();

		final AtomicBoolean reconnecting = new AtomicBoolean();

		final AtomicLong reconnects = new AtomicLong();

		final AtomicLong signedInAgain = new AtomicLong();

		volatile StompTestClient client;

		volatile String connectedTo;

		volatile long disconnectedAt;

		volatile long longestReconnectMillis;

		int errorsRead;

		Member(Room room, ApiClient api, String username, String gateway) {
			this.room = room;
			this.api = api;
			this.username = username;
			this.gateway = gateway;
		}

	}

	private static final class Pending {

		final String messageId;

		final Room room;

		final String text;

		volatile long lastAttempt;

		volatile boolean due;

		Pending(String messageId, Room room, String text) {
			this.messageId = messageId;
			this.room = room;
			this.text = text;
		}

	}

}
