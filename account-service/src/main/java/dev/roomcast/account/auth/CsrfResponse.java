package dev.roomcast.account.auth;

record CsrfResponse(String token, String headerName) {
}
