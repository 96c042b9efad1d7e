package dev.roomcast.persistence;

import dev.roomcast.testsupport.integration.OperatorEndpointChecks;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;

@RoomcastIntegrationTest
class PersistenceApplicationIntegrationTests implements OperatorEndpointChecks {

}
