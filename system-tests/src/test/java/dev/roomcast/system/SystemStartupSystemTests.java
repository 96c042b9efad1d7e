package dev.roomcast.system;

import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.http.HttpProbe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SystemStartupSystemTests {

	private final RoomcastSystem system = RoomcastSystem.shared();

	@Test
	void everyServiceIsHealthyAndScrapedByPrometheus() {
		for (RoomcastService service : RoomcastService.values()) {
			int port = this.system.port(service);
			assertThat(HttpProbe.get(port, "/actuator/health").body()).as(service.module()).contains("\"UP\"");
			assertThat(HttpProbe.get(port, "/actuator/prometheus").body()).as(service.module())
				.contains("application=\"" + service.module() + "\"");
		}
	}

}
