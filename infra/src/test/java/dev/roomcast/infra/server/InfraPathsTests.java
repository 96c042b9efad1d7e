package dev.roomcast.infra.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiler each JVM the launcher starts runs: its caller's default (C2 for the
 * servers, C1 for the services) unless the system properties say otherwise.
 */
class InfraPathsTests {

	@AfterEach
	void clearProperties() {
		System.clearProperty("roomcast.jvm.jit");
		System.clearProperty("roomcast.jvm.jit.kafka");
		System.clearProperty("roomcast.jvm.jit.gateway");
	}

	@Test
	void theServersDefaultToC2AndTheServicesToC1() {
		assertThat(InfraPaths.jitOptions("kafka", InfraPaths.C2)).isEmpty();
		assertThat(InfraPaths.jitOptions("mongo", InfraPaths.C2)).isEmpty();
		assertThat(InfraPaths.jitOptions("gateway", InfraPaths.C1_ONLY)).containsExactly("-XX:TieredStopAtLevel=1");
	}

	@Test
	void oneProcessCanBeGivenItsOwnCompiler() {
		System.setProperty("roomcast.jvm.jit.kafka", "-XX:TieredStopAtLevel=1");
		System.setProperty("roomcast.jvm.jit.gateway", "");
		assertThat(InfraPaths.jitOptions("kafka", InfraPaths.C2)).containsExactly("-XX:TieredStopAtLevel=1");
		assertThat(InfraPaths.jitOptions("gateway", InfraPaths.C1_ONLY)).isEmpty();
		assertThat(InfraPaths.jitOptions("mongo", InfraPaths.C2)).isEmpty();
		assertThat(InfraPaths.jitOptions("chat-service", InfraPaths.C1_ONLY))
			.containsExactly("-XX:TieredStopAtLevel=1");
	}

	@Test
	void oneSettingForAllReplacesBothDefaults() {
		System.setProperty("roomcast.jvm.jit", "-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1");
		assertThat(InfraPaths.jitOptions("kafka", InfraPaths.C2)).containsExactly("-XX:TieredStopAtLevel=1",
				"-XX:CICompilerCount=1");
		assertThat(InfraPaths.jitOptions("persistence-service", InfraPaths.C1_ONLY))
			.containsExactly("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");
	}

}
