package dev.roomcast.account.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

record SignupRequest(
		@NotNull(message = "is required") @Pattern(regexp = "[A-Za-z0-9_.-]{3,32}",
				message = "must be 3 to 32 characters of a-z, 0-9, '_', '.', '-'") String username,
		@NotNull(message = "is required") @Size(min = 8,
				message = "must be at least 8 characters") @PasswordBytes String password,
		@NotBlank(message = "must not be blank") @Size(max = 64, message = "must be 1 to 64 characters") @Pattern(
				regexp = "[^\\p{Cntrl}]*",
				message = "must not hold control characters (NUL, line breaks, tabs…)") String displayName) {
}
