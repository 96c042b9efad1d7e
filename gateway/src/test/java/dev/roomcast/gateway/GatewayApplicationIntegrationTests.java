package dev.roomcast.gateway;

import dev.roomcast.testsupport.integration.OperatorEndpointChecks;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;

@RoomcastIntegrationTest
class GatewayApplicationIntegrationTests implements OperatorEndpointChecks {

}
