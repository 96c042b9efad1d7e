package dev.roomcast.account.auth;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

record LoginRequest(
		@NotNull(message = "is required") @Size(max = 32, message = "is at most 32 characters") String username,
		@NotNull(message = "is required") @PasswordBytes String password) {
}
