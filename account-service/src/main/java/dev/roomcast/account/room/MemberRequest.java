package dev.roomcast.account.room;

import jakarta.validation.constraints.NotBlank;

record MemberRequest(@NotBlank(message = "is required") String userId) {
}
