package dev.roomcast.infra.server;

import java.util.List;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The main class of the Mongo-compatible store process: {@code <port> <h2-file>}. Runs
 * until it is terminated, then closes the H2 file cleanly.
 */
public final class MongoStoreMain {

	/**
	 * The page cache: H2's default of 16 MB is smaller than the hot pages of the indexes
	 * once the messages no longer fit, and every page read again is deserialized again.
	 */
	private static final int CACHE_MB = 64;

	private MongoStoreMain() {
	}

	/**
	 * Serves the MongoDB wire protocol on loopback.
	 * @param args the port and the H2 file
	 * @throws InterruptedException never in practice: the main thread waits forever
	 */
	public static void main(String[] args) throws InterruptedException {
		int port = Integer.parseInt(args[0]);
		// H2's background writer commits the writes to the file, as H2Backend(file) does
		MVStore store = new MVStore.Builder().fileName(args[1]).cacheSize(CACHE_MB).open();
		MongoServer server = new MongoServer(new IndexedH2Backend(store));
		server.bind("127.0.0.1", port);
		Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-shutdown"));
		// this process's stdout is its log file, and its classpath configures no
		// logging: the one line it writes is printed, not logged
		System.out.println("MongoDB-compatible store listening on 127.0.0.1:" + port);
		Thread.currentThread().join();
	}

	/**
	 * The H2 backend with its unique indexes (every {@code _id}, and (roomId, seq) of the
	 * messages) opened with {@link IndexKeyType}. The file and its order stay exactly
	 * those of the plain {@link H2Backend}: either opens what the other wrote.
	 */
	static final class IndexedH2Backend extends H2Backend {

		IndexedH2Backend(MVStore store) {
			super(store);
		}

		@Override
		protected MongoDatabase openOrCreateDatabase(String databaseName) {
			MVStore store = getMvStore();
			return new H2Database(databaseName, store, getCursorRegistry()) {

				@Override
				protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName,
						List<IndexKey> keys, boolean sparse) {
					// opened here first, with the key type, for H2Database to reuse
					store.openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName,
							new MVMap.Builder<KeyValue, Object>().keyType(new IndexKeyType()));
					return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
				}

			};
		}

	}

	/**
	 * H2's key type for an index, whose keys ({@link KeyValue}) are not
	 * {@link Comparable}: H2 orders them by their Java serialization and serializes both
	 * keys again at every step of every search, most of the store's work on inserts
	 * (docs/benchmarks.md). This keeps that exact order but serializes each key once
	 * while it is in use: the searched key, and the keys of the pages on the way down.
	 */
	static final class IndexKeyType extends ObjectDataType {

		private static final int SLOTS = 4096;

		private final Serialized[] recent = new Serialized[SLOTS];

		@Override
		public int compare(Object a, Object b) {
			if (a instanceof KeyValue && b instanceof KeyValue) {
				return (a != b) ? compareNotNull(bytes(a), bytes(b)) : 0;
			}
			return super.compare(a, b);
		}

		private byte[] bytes(Object key) {
			int slot = System.identityHashCode(key) & (SLOTS - 1);
			Serialized serialized = this.recent[slot];
			if (serialized == null || serialized.key() != key) {
				serialized = new Serialized(key, serialize(key));
				this.recent[slot] = serialized;
			}
			return serialized.bytes();
		}

		/** Immutable, so a slot read by another thread is always whole. */
		private record Serialized(Object key, byte[] bytes) {
		}

	}

}
