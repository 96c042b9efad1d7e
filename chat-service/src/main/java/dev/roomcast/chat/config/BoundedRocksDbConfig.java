package dev.roomcast.chat.config;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of this JVM (the messageIds of each room
 * partition): a shared block cache that also holds the index and filter blocks, and
 * memtables counted against it. Without it each partition's store takes its own 50 MB
 * cache and up to 48 MB of memtables. Kafka Streams' recipe for bounded RocksDB memory.
 */
public class BoundedRocksDbConfig implements RocksDBConfigSetter {

	private static final long TOTAL_BYTES = 64L * 1024 * 1024;

	private static final long MEMTABLE_BYTES = 16L * 1024 * 1024;

	private static final long WRITE_BUFFER_BYTES = 4L * 1024 * 1024;

	private static final double INDEX_AND_FILTER_SHARE = 0.2;

	// shared by every store of the JVM, never closed with one of them
	private static final Cache CACHE;

	private static final WriteBufferManager WRITE_BUFFERS;

	static {
		RocksDB.loadLibrary();
		CACHE = new LRUCache(TOTAL_BYTES, -1, false, INDEX_AND_FILTER_SHARE);
		WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);
	}

	@Override
	public void setConfig(String storeName, Options options, Map<String, Object> configs) {
		BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
		table.setBlockCache(CACHE);
		table.setCacheIndexAndFilterBlocks(true);
		table.setCacheIndexAndFilterBlocksWithHighPriority(true);
		table.setPinTopLevelIndexAndFilter(true);
		options.setWriteBufferManager(WRITE_BUFFERS);
		options.setWriteBufferSize(WRITE_BUFFER_BYTES);
		options.setMaxWriteBufferNumber(2);
		options.setTableFormatConfig(table);
	}

	@Override
	public void close(String storeName, Options options) {
		// the cache and the write buffer manager belong to all stores
	}

}
