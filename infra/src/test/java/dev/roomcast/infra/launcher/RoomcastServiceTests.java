package dev.roomcast.infra.launcher;

import java.util.Arrays;

import dev.roomcast.infra.server.InfraPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiler each service's JVM gets from the launcher: C1 only, but the gateway's
 * hottest code goes to C2, late; {@code roomcast.jvm.jit.gateway} still chooses.
 */
class RoomcastServiceTests {

	@AfterEach
	void clearProperties() {
		System.clearProperty("roomcast.jvm.jit.gateway");
	}

	@Test
	void theGatewayCompilesItsHottestCodeLateOnC2AndTheOtherServicesStayOnC1() {
		assertThat(InfraPaths.jitOptions("gateway", RoomcastService.GATEWAY.jitOptions()))
			.contains("-XX:Tier4InvocationThreshold=100000", "-XX:Tier4BackEdgeThreshold=400000")
			.doesNotContain("-XX:TieredStopAtLevel=1");
		Arrays.stream(RoomcastService.values())
			.filter((service) -> service != RoomcastService.GATEWAY)
			.forEach((service) -> assertThat(InfraPaths.jitOptions(service.module(), service.jitOptions()))
				.as(service.module())
				.containsExactly("-XX:TieredStopAtLevel=1"));
	}

	@Test
	void thePropertyPutsTheGatewayBackOnC1() {
		System.setProperty("roomcast.jvm.jit.gateway", InfraPaths.C1_ONLY);
		assertThat(InfraPaths.jitOptions("gateway", RoomcastService.GATEWAY.jitOptions()))
			.containsExactly("-XX:TieredStopAtLevel=1");
	}

}
