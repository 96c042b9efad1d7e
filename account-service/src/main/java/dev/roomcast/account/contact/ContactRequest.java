package dev.roomcast.account.contact;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record ContactRequest(
		@NotBlank(message = "is required") @Size(max = 32, message = "is at most 32 characters") String username) {
}
