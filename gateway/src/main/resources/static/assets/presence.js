// Typing indicator and presence. Typing: while the user types, the open room gets a typing signal
// at most every 2 s; the room's typing signals of others show as "Bob is typing…" under the
// timeline for 5 s, or until Bob's next message. Presence: a dot before each contact and each
// direct room, from the contact list's `presence` and from PRESENCE updates.
import { $, el } from './dom.js';

const SEND_EVERY_MS = 2000;
const SHOW_FOR_MS = 5000;
const LABELS = { ONLINE: 'Online', AWAY: 'Away', OFFLINE: 'Offline' };

/** `live`: the STOMP connection (live.js); `nameOf(userId)`: a display name for a user id. */
export function createTyping(live, nameOf) {
  let roomId = null;
  let lastSent = 0;
  const typists = new Map();

  function watch(nextRoomId) {
    if (roomId === nextRoomId) {
      return;
    }
    if (roomId) {
      live.unsubscribeTyping(roomId);
    }
    typists.forEach(({ timer }) => clearTimeout(timer));
    typists.clear();
    render();
    roomId = nextRoomId;
    if (roomId) {
      live.subscribeTyping(roomId, signal);
    }
  }

  function signal(event) {
    if (event.roomId !== roomId) {
      return;
    }
    clearTimeout(typists.get(event.userId)?.timer);
    typists.set(event.userId, { name: event.displayName || nameOf(event.userId),
      timer: setTimeout(() => stopped(event.userId), SHOW_FOR_MS) });
    render();
  }

  function stopped(userId) {
    clearTimeout(typists.get(userId)?.timer);
    if (typists.delete(userId)) {
      render();
    }
  }

  function render() {
    const names = [...typists.values()].map((typist) => typist.name);
    const node = $('typing-indicator');
    node.textContent = names.length === 0 ? ''
      : names.length === 1 ? `${names[0]} is typing…`
        : names.length === 2 ? `${names[0]} and ${names[1]} are typing…` : 'Several people are typing…';
    node.hidden = names.length === 0;
  }

  return {
    watch,
    /** After a (re)connect: the subscription of the open room is made again. */
    reconnected: () => roomId && live.subscribeTyping(roomId, signal),
    /** The user typed in the open room's composer. */
    typed() {
      const now = Date.now();
      if (roomId && now - lastSent >= SEND_EVERY_MS && live.typing(roomId)) {
        lastSent = now;
      }
    },
    /** A message arrived: its sender is no longer typing. */
    messageFrom: (event) => event.roomId === roomId && stopped(event.senderId),
    stop: () => watch(null),
  };
}

/** Who is online: statuses by user id, painted on every element with `data-presence-user`. */
export function createPresence() {
  const statuses = new Map();

  function paint(root = document) {
    root.querySelectorAll('[data-presence-user]').forEach((node) => {
      const status = statuses.get(node.dataset.presenceUser);
      node.hidden = !status;
      node.dataset.presence = status ?? '';
      node.title = LABELS[status] ?? '';
      node.setAttribute('aria-label', LABELS[status] ?? '');
    });
  }

  return {
    paint,
    /** A presence marker for a user, painted with the status known now. */
    marker(userId) {
      const node = el('span', { class: 'presence', data: { presenceUser: userId, testid: 'presence' }, role: 'img' });
      paint({ querySelectorAll: () => [node] });
      return node;
    },
    /** The contact list as `GET /api/contacts` returns it: accepted contacts carry `presence`. */
    seed(contacts) {
      contacts.filter((contact) => contact.presence).forEach((contact) => statuses.set(contact.user.id,
        contact.presence));
      paint();
    },
    /** A `PRESENCE` update from `/user/queue/updates`: `{type: 'PRESENCE', userId, status}`. */
    applyPresence(update) {
      if (update?.type !== 'PRESENCE' || !update.userId || !LABELS[update.status]) {
        return false;
      }
      statuses.set(update.userId, update.status);
      paint();
      return true;
    },
    clear() {
      statuses.clear();
      paint();
    },
  };
}
