package dev.roomcast.system.containers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionStringTests {

	@Test
	void theDatabaseIsReplacedAndTheOptionsKept() {
		assertThat(
				ContainersSystemTests.withDatabase("mongodb://localhost:32768/test?replicaSet=docker-rs", "accounts"))
			.isEqualTo("mongodb://localhost:32768/accounts?replicaSet=docker-rs");
		assertThat(ContainersSystemTests.withDatabase("mongodb://localhost:32768", "accounts"))
			.isEqualTo("mongodb://localhost:32768/accounts");
		assertThat(ContainersSystemTests.withDatabase("mongodb://a:1,b:2/?w=1", "accounts"))
			.isEqualTo("mongodb://a:1,b:2/accounts?w=1");
	}

}
