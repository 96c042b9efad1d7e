package dev.roomcast.persistence.audit;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.IntStream;

import dev.roomcast.events.ChainHeadSignature;
import dev.roomcast.events.ChainHeadSigned;
import dev.roomcast.events.EventSerde;
import dev.roomcast.events.HashChain;
import dev.roomcast.events.RoomEvent;
import dev.roomcast.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;

/**
 * One replay of {@code chat.room-events}: reads the log from the beginning up to its end
 * at the start (read_committed, manually assigned, no consumer group), verifies each
 * room's seqs and hash chain, checks the signed chain heads, compares the trusted events
 * with the store a window of seqs at a time, and tracks who was a member.
 *
 * <p>
 * Memory stays flat on a long log: per room it keeps the last seq and hash, the current
 * members and at most one window of events waiting to be compared; all rooms together
 * hold at most {@value #WINDOWS_WAITING} windows of waiting events. A record that does
 * not continue its room's chain (a gap, a repeat, a wrong {@code prevHash} or a hash that
 * does not match its fields) is reported and not trusted: the chain goes on from the last
 * trusted event, so later genuine events are still checked.
 *
 * <p>
 * Edits and deletions change stored messages: the store holds a message's latest text (or
 * none once deleted), no longer the text the log hashed. A stored document that says it
 * was changed ({@code editSeq}, {@code deleted}) is compared without its text when its
 * window is compared; the room's changes are folded as the log is read (per changed
 * message: its last edit and whether it was deleted), and at the end every changed
 * message, and every document that claimed a change, is checked against that fold. That
 * costs memory per changed message, not per message.
 */
class LogReplay {

	static final int MAX_ITEMS = 10_000;

	/**
	 * How many windows of events all rooms together keep waiting for the store: when many
	 * rooms interleave, each room's range query then still covers many events.
	 */
	static final int WINDOWS_WAITING = 40;

	private static final EventSerde<ChainHeadSigned> HEADS = EventSerde.of(ChainHeadSigned.class);

	private static final Duration POLL = Duration.ofMillis(500);

	private final Map<String, Object> consumerProperties;

	private final StoreView store;

	private final PublicKey publicKey;

	private final String onlyRoom;

	private final Instant fromTime;

	private final Instant toTime;

	private final int window;

	private final Map<String, RoomState> rooms = new HashMap<>();

	private final Map<String, Map<Long, String>> signedHashes = new HashMap<>();

	private final List<ReplayReport.LogProblem> logProblems = new ArrayList<>();

	private final List<Object> missing = new ArrayList<>();

	private final List<Object> extra = new ArrayList<>();

	private final List<ReplayReport.Altered> altered = new ArrayList<>();

	private final List<ReplayReport.HeadProblem> headProblems = new ArrayList<>();

	private final Map<String, Long> counts = new LinkedHashMap<>();

	private long headsChecked;

	private int waiting;

	private volatile long eventsRead;

	private volatile long eventsTotal = -1;

	/**
	 * @param consumerProperties Kafka client settings (bootstrap servers, security)
	 * @param store the projection to compare with, {@link StoreView#NONE} to only verify
	 * the log
	 * @param publicKey the key chain heads are signed with, or {@code null}
	 * @param onlyRoom the room to replay, {@code null} for all
	 * @param fromTime compare and report only events sent at or after this, or
	 * {@code null}
	 * @param toTime compare and report only events sent before this, or {@code null}
	 * @param window the seqs compared with the store at once
	 */
	LogReplay(Map<String, Object> consumerProperties, StoreView store, PublicKey publicKey, String onlyRoom,
			Instant fromTime, Instant toTime, int window) {
		this.consumerProperties = new HashMap<>(consumerProperties);
		this.store = store;
		this.publicKey = publicKey;
		this.onlyRoom = onlyRoom;
		this.fromTime = fromTime;
		this.toTime = toTime;
		this.window = window;
		for (String counted : List.of("logProblems", "missing", "extra", "altered", "signedHeadProblems")) {
			this.counts.put(counted, 0L);
		}
	}

	long eventsRead() {
		return this.eventsRead;
	}

	/**
	 * The records the replay reads in all, once known.
	 * @return the total, or -1 before the replay has started reading
	 */
	long eventsTotal() {
		return this.eventsTotal;
	}

	ReplayReport run() {
		readSignedHeads();
		readLog();
		for (Map.Entry<String, RoomState> room : this.rooms.entrySet()) {
			flush(room.getKey(), room.getValue());
			checkChanges(room.getKey(), room.getValue());
			checkStoreTail(room.getKey(), room.getValue());
			checkHeadsBeyondLog(room.getKey(), room.getValue());
		}
		checkRoomsOnlyInStore();
		return report();
	}

	private Map<String, Object> consumerSettings() {
		Map<String, Object> settings = new HashMap<>(this.consumerProperties);
		settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		// A fetch response stays on the heap until its last record is handled: responses
		// of tens of MB outlive the young generation and fill the old one, which costs
		// more than the extra round trips of small ones (docs/benchmarks.md).
		settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
		settings.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
		settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024);
		settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return settings;
	}

	/**
	 * Reads a topic from its beginning to its end as it was when reading started. A
	 * thread of its own polls (fetching, decompressing and splitting the records) while
	 * the handler works on the previous poll's records.
	 */
	private void readTopic(String topic, boolean countProgress, RecordHandler handler) {
		BlockingQueue<Polled> polled = new ArrayBlockingQueue<>(2);
		Thread fetcher = new Thread(() -> fetch(topic, countProgress, polled), "audit-replay-fetch");
		fetcher.setDaemon(true);
		fetcher.start();
		try {
			for (Polled next = take(polled); next.records() != null; next = take(polled)) {
				handler.handle(next.records());
			}
		}
		finally {
			fetcher.interrupt();
			try {
				fetcher.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static Polled take(BlockingQueue<Polled> polled) {
		Polled next;
		try {
			next = polled.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("replay interrupted", ex);
		}
		if (next.failure() != null) {
			throw new IllegalStateException("reading the log failed: " + next.failure().getMessage(), next.failure());
		}
		return next;
	}

	/**
	 * Polls the topic up to its end, handing each poll's records on; then an empty
	 * {@link Polled}, or the failure.
	 */
	private void fetch(String topic, boolean countProgress, BlockingQueue<Polled> polled) {
		Polled outcome = Polled.END;
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings())) {
			List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
			List<TopicPartition> partitions = (infos != null)
					? infos.stream().map((info) -> new TopicPartition(topic, info.partition())).toList() : List.of();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
			Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
			if (countProgress) {
				long total = 0;
				for (TopicPartition partition : partitions) {
					total += end.get(partition) - begin.get(partition);
				}
				this.eventsTotal = total;
			}
			end.entrySet().removeIf((entry) -> entry.getValue() <= begin.get(entry.getKey()));
			while (!end.isEmpty()) {
				ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
				List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
				for (TopicPartition partition : records.partitions()) {
					Long last = end.get(partition);
					for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
						if (last != null && record.offset() < last) {
							batch.add(record);
						}
					}
				}
				if (!batch.isEmpty()) {
					polled.put(new Polled(batch, null));
				}
				// the end offset may fall on a transaction marker: compare positions
				end.entrySet().removeIf((entry) -> consumer.position(entry.getKey()) >= entry.getValue());
			}
		}
		catch (InterruptedException | InterruptException ex) {
			// the replay stopped reading
			return;
		}
		catch (RuntimeException | Error ex) {
			outcome = new Polled(null, ex);
		}
		try {
			polled.put(outcome);
		}
		catch (InterruptedException ex) {
			// the replay stopped reading
		}
	}

	/**
	 * What one poll brought: its records, the end of the topic (no records), or a
	 * failure.
	 */
	private record Polled(List<ConsumerRecord<byte[], byte[]>> records, Throwable failure) {

		static final Polled END = new Polled(null, null);

	}

	@FunctionalInterface
	private interface RecordHandler {

		/** Handles the records of one poll that are before the end, in offset order. */
		void handle(List<ConsumerRecord<byte[], byte[]>> records);

	}

	private void readSignedHeads() {
		readTopic(Topics.CHAT_CHAIN_HEADS, false, (records) -> records.forEach(this::readSignedHead));
		if (this.publicKey == null && this.headsChecked > 0) {
			headProblem("?", -1, "no public key is configured (roomcast.audit.signing.public-key): " + this.headsChecked
					+ " signed heads not verified");
		}
	}

	private void readSignedHead(ConsumerRecord<byte[], byte[]> record) {
		ChainHeadSigned head;
		try {
			head = HEADS.deserialize(record.topic(), record.value());
		}
		catch (RuntimeException ex) {
			headProblem("?", -1, "unreadable record at " + record.partition() + "@" + record.offset());
			return;
		}
		if (head == null || head.roomId() == null || (this.onlyRoom != null && !this.onlyRoom.equals(head.roomId()))) {
			return;
		}
		this.headsChecked++;
		if (this.publicKey == null) {
			return;
		}
		if (!ChainHeadSignature.verify(head, this.publicKey)) {
			headProblem(head.roomId(), head.seq(), "signature does not verify with the configured public key");
			return;
		}
		this.signedHashes.computeIfAbsent(head.roomId(), (room) -> new HashMap<>()).put(head.seq(), head.hash());
	}

	private void readLog() {
		readTopic(Topics.CHAT_ROOM_EVENTS, true, (records) -> {
			LoggedEvent[] events = new LoggedEvent[records.size()];
			// reading and hashing are most of a replay's work and need no order: all
			// cores
			IntStream.range(0, records.size()).parallel().forEach((i) -> {
				ConsumerRecord<byte[], byte[]> record = records.get(i);
				events[i] = LoggedEvent.read(record.topic(), record.value(), this.onlyRoom);
			});
			for (int i = 0; i < events.length; i++) {
				readEvent(records.get(i), events[i]);
			}
			this.eventsRead += events.length;
		});
	}

	private void readEvent(ConsumerRecord<byte[], byte[]> record, LoggedEvent event) {
		if (event == null) {
			if (this.onlyRoom == null) {
				logProblem(null, null, record, "unreadable or incomplete record");
			}
			return;
		}
		if (this.onlyRoom != null && !this.onlyRoom.equals(event.roomId())) {
			return;
		}
		accept(event, record);
	}

	private void accept(LoggedEvent logged, ConsumerRecord<byte[], byte[]> record) {
		String roomId = logged.roomId();
		long seq = logged.seq();
		RoomState room = this.rooms.computeIfAbsent(roomId, (id) -> new RoomState());
		long expected = room.lastSeq + 1;
		String problem = null;
		if (seq < expected) {
			problem = "seq " + seq + " repeated (the chain is at " + room.lastSeq + ")";
		}
		else if (seq > expected) {
			problem = "seq " + seq + " skips "
					+ ((seq == expected + 1) ? "seq " + expected : "seqs " + expected + ".." + (seq - 1));
		}
		else if (!logged.linksTo(room.lastHash)) {
			problem = "prevHash does not link to the hash of seq " + room.lastSeq;
		}
		else if (!logged.hashMatches()) {
			problem = "hash does not match the event's fields";
		}
		if (problem != null) {
			room.broken(seq, problem);
			logProblem(roomId, seq, record, problem);
			return;
		}
		room.lastSeq = seq;
		logged.copyHash(room.lastHash);
		String signed = signedHash(roomId, seq);
		if (signed != null && !logged.hashIs(signed)) {
			headProblem(roomId, seq, "the log's hash differs from the signed hash");
		}
		RoomEvent.Type type = logged.type();
		if (type != RoomEvent.Type.MESSAGE) {
			room.members(logged.event());
		}
		if (type.changesMessage() && logged.event().targetSeq() != null) {
			room.fold(logged.event(), inTimeRange(logged.event()));
		}
		if (this.store != StoreView.NONE && inTimeRange(logged.event())) {
			room.pending.add(logged.event());
			this.waiting++;
			if (room.pending.size() >= this.window) {
				flush(roomId, room);
			}
			else if (this.waiting >= WINDOWS_WAITING * this.window) {
				flushAll();
			}
		}
	}

	private boolean inTimeRange(RoomEvent event) {
		return (this.fromTime == null || !event.sentAt().isBefore(this.fromTime))
				&& (this.toTime == null || event.sentAt().isBefore(this.toTime));
	}

	private String signedHash(String roomId, long seq) {
		Map<Long, String> heads = this.signedHashes.get(roomId);
		return (heads != null) ? heads.get(seq) : null;
	}

	private void flushAll() {
		this.rooms.forEach(this::flush);
	}

	/** Compares a room's waiting events (consecutive seqs) with the stored window. */
	private void flush(String roomId, RoomState room) {
		if (room.pending.isEmpty() || this.store == StoreView.NONE) {
			this.waiting -= room.pending.size();
			room.pending.clear();
			return;
		}
		long from = room.pending.get(0).seq();
		long to = room.pending.get(room.pending.size() - 1).seq();
		Map<Long, Document> stored = new HashMap<>();
		for (Document document : this.store.range(roomId, from, to)) {
			stored.put(seqOf(document), document);
		}
		for (RoomEvent event : room.pending) {
			Document document = stored.remove(event.seq());
			if (document == null) {
				add(this.missing, "missing", item(roomId, event.seq()));
				continue;
			}
			compare(roomId, event, document);
		}
		// seqs of the window the log does not hold as trusted events (timed out ranges)
		for (Long seq : new TreeSet<>(stored.keySet())) {
			add(this.extra, "extra", item(roomId, seq));
		}
		this.waiting -= room.pending.size();
		room.pending.clear();
	}

	private void compare(String roomId, RoomEvent event, Document document) {
		Map<String, ReplayReport.Difference> fields = new TreeMap<>();
		differ(fields, "eventId", event.eventId(), document.get("eventId"));
		differ(fields, "type", event.type().name(), document.get("type"));
		differ(fields, "messageId", event.messageId(), document.get("messageId"));
		differ(fields, "senderId", event.senderId(), document.get("senderId"));
		differ(fields, "senderName", event.senderName(), document.get("senderName"));
		if (changed(document) && (event.type() == RoomEvent.Type.MESSAGE || event.type() == RoomEvent.Type.EDIT)) {
			// checked against the room's folded changes at the end
			this.rooms.get(roomId).claims.put(event.seq(), new Claim(event.text(), document));
		}
		else {
			differ(fields, "text", event.text(), document.get("text"));
		}
		if (event.targetSeq() != null || document.get("targetSeq") != null) {
			differ(fields, "targetSeq", event.targetSeq(), number(document.get("targetSeq")));
		}
		differ(fields, "sentAt", event.sentAt().toString(), document.get("sentAt"));
		Object occurredAt = document.get("occurredAt");
		differ(fields, "occurredAt", (event.occurredAt() != null) ? event.occurredAt().toEpochMilli() : null,
				(occurredAt instanceof Date date) ? date.getTime() : occurredAt);
		differ(fields, "prevHash", event.prevHash(), document.get("prevHash"));
		differ(fields, "hash", event.hash(), document.get("hash"));
		if (event.memberId() != null || document.get("memberId") != null) {
			differ(fields, "memberId", event.memberId(), document.get("memberId"));
			differ(fields, "memberName", event.memberName(), document.get("memberName"));
		}
		String signed = signedHash(roomId, event.seq());
		if (signed != null && !signed.equals(document.get("hash"))) {
			headProblem(roomId, event.seq(), "the store's hash differs from the signed hash");
		}
		if (!fields.isEmpty()) {
			if (fields.containsKey("occurredAt")) {
				ReplayReport.Difference millis = fields.get("occurredAt");
				fields.put("occurredAt", new ReplayReport.Difference(instant(millis.log()), instant(millis.store())));
			}
			add(this.altered, "altered",
					new ReplayReport.Altered((this.onlyRoom == null) ? roomId : null, event.seq(), fields));
		}
	}

	private static boolean changed(Document document) {
		return document.get("editSeq") != null || Boolean.TRUE.equals(document.get("deleted"));
	}

	private static Object number(Object value) {
		return (value instanceof Number number) ? (Object) number.longValue() : value;
	}

	/**
	 * Checks what the room's edits and deletions left in the store: each changed message
	 * holds the text of its last edit (with that edit's seq), or no text once deleted, as
	 * do the edits of a deleted message; a document that claims a change the log does not
	 * hold is altered.
	 */
	private void checkChanges(String roomId, RoomState room) {
		if (this.store == StoreView.NONE) {
			return;
		}
		for (Map.Entry<Long, Fold> entry : new TreeMap<>(room.changes).entrySet()) {
			long target = entry.getKey();
			Fold fold = entry.getValue();
			Claim claim = room.claims.remove(target);
			Document document = (claim != null) ? claim.document() : single(roomId, target);
			if (document != null && (claim != null || storedInTimeRange(document))) {
				Map<String, ReplayReport.Difference> fields = new TreeMap<>();
				differ(fields, "text", fold.deleted ? null : fold.lastEditText, document.get("text"));
				differ(fields, "deleted", fold.deleted, Boolean.TRUE.equals(document.get("deleted")));
				if (!fold.deleted) {
					differ(fields, "editSeq", fold.lastEditSeq, number(document.get("editSeq")));
				}
				altered(roomId, target, fields);
			}
			if (fold.deleted) {
				for (long editSeq : fold.editSeqs) {
					Claim edit = room.claims.remove(editSeq);
					Document stored = (edit != null) ? edit.document() : single(roomId, editSeq);
					if (stored != null && (edit != null || storedInTimeRange(stored))) {
						Map<String, ReplayReport.Difference> fields = new TreeMap<>();
						differ(fields, "text", null, stored.get("text"));
						altered(roomId, editSeq, fields);
					}
				}
			}
		}
		for (Map.Entry<Long, Claim> entry : new TreeMap<>(room.claims).entrySet()) {
			Document document = entry.getValue().document();
			Map<String, ReplayReport.Difference> fields = new TreeMap<>();
			differ(fields, "text", entry.getValue().logText(), document.get("text"));
			differ(fields, "deleted", false, Boolean.TRUE.equals(document.get("deleted")));
			differ(fields, "editSeq", null, number(document.get("editSeq")));
			altered(roomId, entry.getKey(), fields);
		}
		room.claims.clear();
	}

	private Document single(String roomId, long seq) {
		List<Document> documents = this.store.range(roomId, seq, seq);
		return documents.isEmpty() ? null : documents.get(0);
	}

	private void altered(String roomId, long seq, Map<String, ReplayReport.Difference> fields) {
		if (!fields.isEmpty()) {
			add(this.altered, "altered",
					new ReplayReport.Altered((this.onlyRoom == null) ? roomId : null, seq, fields));
		}
	}

	private static Object instant(Object millis) {
		return (millis instanceof Long value) ? Instant.ofEpochMilli(value).toString() : millis;
	}

	private static void differ(Map<String, ReplayReport.Difference> fields, String name, Object log, Object store) {
		if (!Objects.equals(log, store)) {
			fields.put(name, new ReplayReport.Difference(log, store));
		}
	}

	/** Stored documents after the room's last trusted seq are extra. */
	private void checkStoreTail(String roomId, RoomState room) {
		this.store.after(roomId, room.lastSeq, (document) -> {
			if (storedInTimeRange(document)) {
				add(this.extra, "extra", item(roomId, seqOf(document)));
			}
		});
	}

	private void checkRoomsOnlyInStore() {
		if (this.onlyRoom != null) {
			if (!this.rooms.containsKey(this.onlyRoom)) {
				this.rooms.put(this.onlyRoom, new RoomState());
				checkStoreTail(this.onlyRoom, this.rooms.get(this.onlyRoom));
			}
			return;
		}
		List<String> onlyInStore = new ArrayList<>();
		this.store.rooms((roomId) -> {
			if (!this.rooms.containsKey(roomId)) {
				onlyInStore.add(roomId);
			}
		});
		for (String roomId : onlyInStore) {
			RoomState room = new RoomState();
			this.rooms.put(roomId, room);
			checkStoreTail(roomId, room);
		}
	}

	private void checkHeadsBeyondLog(String roomId, RoomState room) {
		Map<Long, String> heads = this.signedHashes.get(roomId);
		if (heads == null) {
			return;
		}
		heads.keySet()
			.stream()
			.filter((seq) -> seq > room.lastSeq)
			.sorted()
			.forEach((seq) -> headProblem(roomId, seq,
					"signed head beyond the log's last trusted seq " + room.lastSeq + " (events lost or forged)"));
	}

	private boolean storedInTimeRange(Document document) {
		if (this.fromTime == null && this.toTime == null) {
			return true;
		}
		try {
			Instant sentAt = Instant.parse(String.valueOf(document.get("sentAt")));
			return (this.fromTime == null || !sentAt.isBefore(this.fromTime))
					&& (this.toTime == null || sentAt.isBefore(this.toTime));
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

	private static long seqOf(Document document) {
		return ((Number) document.get("seq")).longValue();
	}

	private Object item(String roomId, long seq) {
		return (this.onlyRoom == null) ? new ReplayReport.RoomSeq(roomId, seq) : seq;
	}

	private <T> void add(List<T> list, String counter, T item) {
		this.counts.merge(counter, 1L, Long::sum);
		if (list.size() < MAX_ITEMS) {
			list.add(item);
		}
	}

	private void logProblem(String roomId, Long seq, ConsumerRecord<byte[], byte[]> record, String problem) {
		add(this.logProblems, "logProblems",
				new ReplayReport.LogProblem(roomId, seq, record.partition(), record.offset(), problem));
	}

	private void headProblem(String roomId, long seq, String problem) {
		add(this.headProblems, "signedHeadProblems", new ReplayReport.HeadProblem(roomId, seq, problem));
	}

	private ReplayReport report() {
		Map<String, ReplayReport.Chain> chain = new TreeMap<>();
		Map<String, List<ReplayReport.MemberRange>> membership = new TreeMap<>();
		Map<String, ReplayReport.Changes> changes = new TreeMap<>();
		boolean chainsValid = true;
		for (Map.Entry<String, RoomState> entry : this.rooms.entrySet()) {
			RoomState room = entry.getValue();
			chain.put(entry.getKey(), new ReplayReport.Chain(room.firstBrokenSeq == null, room.lastSeq,
					room.firstBrokenSeq, room.problem));
			chainsValid &= room.firstBrokenSeq == null;
			membership.put(entry.getKey(), room.closeRanges());
			if (room.edits + room.deletions > 0) {
				changes.put(entry.getKey(), new ReplayReport.Changes(room.edits, room.deletions, room.changeItems));
			}
		}
		boolean valid = chainsValid && this.counts.values().stream().allMatch((count) -> count == 0);
		return new ReplayReport(this.rooms.size(), this.eventsRead, valid, chain, this.logProblems, this.missing,
				this.extra, this.altered,
				new ReplayReport.SignedHeads((this.publicKey != null) ? ChainHeadSignature.keyId(this.publicKey) : null,
						this.headsChecked, this.headProblems),
				membership, changes, this.counts);
	}

	/**
	 * A stored document whose text an edit or deletion changed, compared at the end.
	 *
	 * @param logText the text the log holds for its seq
	 * @param document the stored document
	 */
	private record Claim(String logText, Document document) {
	}

	/** What a room's edits and deletions did to one of its messages. */
	private static final class Fold {

		long lastEditSeq;

		String lastEditText;

		boolean deleted;

		final List<Long> editSeqs = new ArrayList<>();

	}

	/** What a replay keeps of one room. */
	private static final class RoomState {

		/** Per changed message (its seq), what its edits and deletions did. */
		final Map<Long, Fold> changes = new HashMap<>();

		/** Per seq, a compared document that says it was changed. */
		final Map<Long, Claim> claims = new HashMap<>();

		final List<ReplayReport.Change> changeItems = new ArrayList<>();

		long edits;

		long deletions;

		long lastSeq;

		/** The last trusted hash, 64 ASCII hex digits. */
		final byte[] lastHash = HashChain.GENESIS.getBytes(StandardCharsets.US_ASCII);

		Long firstBrokenSeq;

		String problem;

		final List<RoomEvent> pending = new ArrayList<>();

		final TreeMap<String, String> members = new TreeMap<>();

		final List<ReplayReport.MemberRange> ranges = new ArrayList<>();

		long rangeStart = 1;

		/**
		 * Folds an edit or deletion as the projection applies it: an edit of a deleted
		 * message changes nothing.
		 */
		void fold(RoomEvent change, boolean reported) {
			Fold fold = this.changes.computeIfAbsent(change.targetSeq(), (target) -> new Fold());
			if (change.type() == RoomEvent.Type.DELETE) {
				fold.deleted = true;
			}
			else if (!fold.deleted) {
				fold.lastEditSeq = change.seq();
				fold.lastEditText = change.text();
				fold.editSeqs.add(change.seq());
			}
			if (reported) {
				if (change.type() == RoomEvent.Type.EDIT) {
					this.edits++;
				}
				else {
					this.deletions++;
				}
				if (this.changeItems.size() < MAX_ITEMS) {
					this.changeItems.add(new ReplayReport.Change(change.seq(), change.type().name(), change.targetSeq(),
							change.senderId()));
				}
			}
		}

		void broken(long seq, String problem) {
			if (this.firstBrokenSeq == null) {
				this.firstBrokenSeq = seq;
				this.problem = problem;
			}
		}

		/** A membership event ends the range of the member set before it. */
		void members(RoomEvent event) {
			if (event.type() == RoomEvent.Type.MESSAGE || event.memberId() == null) {
				return;
			}
			if (event.seq() > this.rangeStart) {
				closeRange(event.seq() - 1);
			}
			this.rangeStart = event.seq();
			switch (event.type()) {
				case ROOM_CREATED, MEMBER_ADDED ->
					this.members.put(event.memberId(), event.memberId() + " (" + event.memberName() + ")");
				default -> this.members.remove(event.memberId());
			}
		}

		private void closeRange(long toSeq) {
			if (this.ranges.size() < MAX_ITEMS) {
				this.ranges
					.add(new ReplayReport.MemberRange(this.rangeStart, toSeq, List.copyOf(this.members.values())));
			}
		}

		List<ReplayReport.MemberRange> closeRanges() {
			if (this.lastSeq >= this.rangeStart && this.lastSeq > 0) {
				closeRange(this.lastSeq);
				this.rangeStart = this.lastSeq + 1;
			}
			return this.ranges;
		}

	}

}
