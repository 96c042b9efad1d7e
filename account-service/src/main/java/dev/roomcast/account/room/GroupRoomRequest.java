package dev.roomcast.account.room;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

record GroupRoomRequest(
		@NotBlank(message = "must not be blank") @Size(max = 80, message = "must be 1 to 80 characters") @Pattern(
				regexp = "[^\\p{Cntrl}]*",
				message = "must not hold control characters (NUL, line breaks, tabs…)") String name,
		@NotNull(message = "is required") List<String> memberIds) {
}
