package dev.roomcast.account.contact;

import java.util.List;
import java.util.Map;

import dev.roomcast.account.update.UserUpdates;
import dev.roomcast.events.EventJson;
import dev.roomcast.events.PresenceChanged;
import dev.roomcast.events.PresenceChanged.Status;
import dev.roomcast.events.Topics;
import dev.roomcast.events.UserUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Tells a user's accepted contacts that the user's presence changed: one {@code PRESENCE}
 * update ({@code data: {userId, status}}) per contact. The status sent is the one Redis
 * holds now, not the event's: changes made by two gateway instances at once may reach the
 * topic in either order, and the last update must be the true one.
 */
@Component
class PresenceListener {

	private static final Logger logger = LoggerFactory.getLogger(PresenceListener.class);

	private static final ObjectReader READER = EventJson.mapper().readerFor(PresenceChanged.class);

	private final ContactRepository contacts;

	private final Presences presences;

	private final UserUpdates updates;

	PresenceListener(ContactRepository contacts, Presences presences, UserUpdates updates) {
		this.contacts = contacts;
		this.presences = presences;
		this.updates = updates;
	}

	@KafkaListener(id = "presence-to-contacts", idIsGroup = false, topics = Topics.USER_PRESENCE)
	void changed(String value) {
		PresenceChanged event;
		try {
			event = READER.readValue(value);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			logger.warn("Skipped an unreadable presence change", ex);
			return;
		}
		Status status = this.presences.of(List.of(event.userId())).getOrDefault(event.userId(), event.status());
		this.contacts.findByOwnerId(event.userId())
			.stream()
			.filter((contact) -> contact.state() == ContactState.ACCEPTED)
			.forEach((contact) -> this.updates.publish(contact.otherId(), UserUpdate.Type.PRESENCE,
					Map.of("userId", event.userId(), "status", status.name())));
	}

}
