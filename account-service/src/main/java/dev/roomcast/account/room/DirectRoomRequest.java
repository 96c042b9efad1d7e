package dev.roomcast.account.room;

import jakarta.validation.constraints.NotBlank;

record DirectRoomRequest(@NotBlank(message = "is required") String userId) {
}
