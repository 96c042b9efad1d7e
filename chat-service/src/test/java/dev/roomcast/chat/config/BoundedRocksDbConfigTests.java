package dev.roomcast.chat.config;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedRocksDbConfigTests {

	@Test
	void keepsIndexAndFilterBlocksInTheSharedCacheAndBoundsTheMemtables() {
		try (Options options = new Options()) {
			options.setTableFormatConfig(new BlockBasedTableConfig());
			new BoundedRocksDbConfig().setConfig("room-message-ids", options, Map.of());
			BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
			assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
			assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
			assertThat(options.writeBufferSize()).isEqualTo(4L * 1024 * 1024);
			assertThat(options.maxWriteBufferNumber()).isEqualTo(2);
		}
	}

}
