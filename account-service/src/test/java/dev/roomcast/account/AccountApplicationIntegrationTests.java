package dev.roomcast.account;

import dev.roomcast.testsupport.integration.OperatorEndpointChecks;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;

@RoomcastIntegrationTest
class AccountApplicationIntegrationTests implements OperatorEndpointChecks {

}
