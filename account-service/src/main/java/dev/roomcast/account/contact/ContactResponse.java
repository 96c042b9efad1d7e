package dev.roomcast.account.contact;

import dev.roomcast.account.user.UserResponse;

record ContactResponse(UserResponse user, ContactState state) {
}
