package dev.roomcast.system;

import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.http.HttpProbe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SystemStartupSystemTests {

	private final RoomcastSystem system = RoomcastSystem.shared();

	@Test
	void everyServiceIsHealthyAndScrapedByPrometheusOnItsManagementPortOnly() {
		for (RoomcastService service : RoomcastService.values()) {
			int managementPort = this.system.managementPort(service);
			assertThat(HttpProbe.get(managementPort, "/actuator/health").body()).as(service.module())
				.contains("\"UP\"");
			assertThat(HttpProbe.get(managementPort, "/actuator/prometheus").body()).as(service.module())
				.contains("application=\"" + service.module() + "\"");
			assertThat(HttpProbe.get(this.system.port(service), "/actuator/prometheus").status())
				.as(service.module() + " public port")
				.isIn(401, 403, 404);
		}
	}

}
