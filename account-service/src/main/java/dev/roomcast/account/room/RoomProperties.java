package dev.roomcast.account.room;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Room rules an operator may change.
 *
 * @param maxMembers the most members of a group room, its owner included; every member is
 * in each snapshot of the room on {@code account.rooms}, and the gateway fans each
 * message out to all of them
 */
@Validated
@ConfigurationProperties("roomcast.account.rooms")
record RoomProperties(@DefaultValue("100") @Min(2) int maxMembers) {
}
