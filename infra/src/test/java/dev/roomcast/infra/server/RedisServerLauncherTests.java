package dev.roomcast.infra.server;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code redis-server} on the PATH the launcher unpacks the binary embedded-redis
 * ships for the platform, or says what to install.
 */
class RedisServerLauncherTests {

	@ParameterizedTest
	@CsvSource({ "Linux, amd64", "Linux, x86_64", "Linux, aarch64", "Linux, i386", "Mac OS X, x86_64",
			"Mac OS X, aarch64", "Windows 11, amd64" })
	void picksABinaryTheEmbeddedRedisJarShipsForThePlatform(String os, String arch) throws IOException {
		String resource = RedisServerLauncher.embeddedBinary(os, arch).orElseThrow();
		try (InputStream in = RedisServerLauncher.class.getResourceAsStream("/" + resource)) {
			assertThat(in).as(resource).isNotNull();
		}
	}

	@Test
	void picksTheArmBinaryOnArmLinuxAndMac() {
		assertThat(RedisServerLauncher.embeddedBinary("Linux", "aarch64"))
			.hasValueSatisfying((name) -> assertThat(name).endsWith("linux-arm64"));
		assertThat(RedisServerLauncher.embeddedBinary("Mac OS X", "aarch64"))
			.hasValueSatisfying((name) -> assertThat(name).endsWith("darwin-arm64"));
	}

	@Test
	void saysWhatToInstallWhereNoBinaryShips() {
		assertThat(RedisServerLauncher.embeddedBinary("FreeBSD", "amd64")).isEmpty();
		assertThat(RedisServerLauncher.embeddedBinary("Linux", "riscv64")).isEmpty();
		assertThat(RedisServerLauncher.missingMessage("FreeBSD", "amd64")).contains("FreeBSD/amd64")
			.contains("apt-get install redis-server")
			.contains("brew install redis");
	}

}
