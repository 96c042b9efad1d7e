package dev.roomcast.chat;

import dev.roomcast.testsupport.integration.OperatorEndpointChecks;
import dev.roomcast.testsupport.integration.RoomcastIntegrationTest;

@RoomcastIntegrationTest
class ChatApplicationIntegrationTests implements OperatorEndpointChecks {

}
