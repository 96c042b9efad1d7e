// The STOMP connection: one per signed-in tab. stompjs reconnects by itself; on every (re)connect
// the app re-subscribes its rooms and catches up from each room's last seq. Updates for the user
// (contacts, rooms, read state from other devices) arrive on /user/queue/updates. Before each
// reconnect it asks GET /api/me whether the session still exists: a session that ended (logout
// elsewhere, expiry) stops the reconnecting and calls onSessionEnded instead of retrying a
// handshake that can only be refused.
import { Client, ReconnectionTimeMode } from '/webjars/stomp__stompjs/esm6/index.js';
import { api, ApiError, csrfHeaders, refreshCsrf } from './api.js';

export function createLive({ onState, onConnected, onRoomEvent, onRefusal, onUpdate, onSessionEnded }) {
  const subscriptions = new Map();
  const typingSubscriptions = new Map();
  let receipts = 0;
  let everConnected = false;
  let attempts = 0;
  let hold = null;

  /** Whether the session is known to have ended; unknown (network, 503) counts as alive. */
  async function sessionEnded() {
    try {
      await api.me();
      return false;
    }
    catch (error) {
      return error instanceof ApiError && error.status === 401;
    }
  }

  const client = new Client({
    brokerURL: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`,
    reconnectDelay: 500,
    maxReconnectDelay: 10000,
    reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
    heartbeatIncoming: 20000,
    heartbeatOutgoing: 20000,
    beforeConnect: async () => {
      onState(everConnected ? 'reconnecting' : 'connecting');
      if (hold) {
        await hold.released;
      }
      attempts += 1;
      if (attempts > 1 && await sessionEnded()) {
        // inactive before this returns, so stompjs does not open the socket
        await client.deactivate();
        onState('offline');
        onSessionEnded?.();
        return;
      }
      await refreshCsrf().catch(() => null);
      client.connectHeaders = csrfHeaders();
    },
    onConnect: () => {
      everConnected = true;
      subscriptions.clear();
      typingSubscriptions.clear();
      client.subscribe('/user/queue/errors', (frame) => onRefusal(parse(frame.body)));
      client.subscribe('/user/queue/updates', (frame) => onUpdate?.(parse(frame.body)));
      onState('connected');
      onConnected();
    },
    onWebSocketClose: () => {
      subscriptions.clear();
      typingSubscriptions.clear();
      if (client.active) {
        onState(everConnected ? 'reconnecting' : 'connecting');
      }
    },
    onStompError: (frame) => console.warn('STOMP error', frame.headers.message, frame.body),
  });

  function parse(body) {
    try {
      return JSON.parse(body);
    }
    catch {
      return { code: 'MALFORMED', message: body };
    }
  }

  return {
    start: () => {
      attempts = 0;
      client.activate();
    },
    stop: async () => {
      hold?.release();
      hold = null;
      await client.deactivate();
      subscriptions.clear();
      everConnected = false;
      onState('offline');
    },
    get connected() {
      return client.connected;
    },
    /**
     * Subscribes to a room; `onSubscribed(lastSeq)` runs on the RECEIPT: every message after
     * `lastSeq` arrives live from then on, everything up to it is history's to give. Returns false
     * when not connected (or already subscribed).
     */
    subscribe(roomId, onSubscribed) {
      if (!client.connected || subscriptions.has(roomId)) {
        return false;
      }
      receipts += 1;
      const receipt = `sub-${receipts}`;
      client.watchForReceipt(receipt, (frame) => onSubscribed?.(Number(frame.headers['last-seq']) || 0));
      subscriptions.set(roomId, client.subscribe(`/topic/rooms/${roomId}`, (frame) => onRoomEvent(parse(frame.body)),
        { receipt }));
      return true;
    },
    unsubscribe(roomId) {
      subscriptions.get(roomId)?.unsubscribe();
      subscriptions.delete(roomId);
    },
    /** Sends a message; `onReceipt` runs once the gateway has it durably in Kafka. */
    send(roomId, messageId, text, onReceipt) {
      if (!client.connected) {
        return false;
      }
      const receipt = `send-${messageId}`;
      client.watchForReceipt(receipt, onReceipt);
      client.publish({
        destination: `/app/rooms/${roomId}/messages`,
        headers: { receipt, 'content-type': 'application/json' },
        body: JSON.stringify({ messageId, text }),
      });
      return true;
    },
    /** Tells the server how far the user read a room; false when not connected. */
    markRead(roomId, seq) {
      if (!client.connected) {
        return false;
      }
      client.publish({
        destination: `/app/rooms/${roomId}/read`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seq }),
      });
      return true;
    },
    /**
     * Sends an edit (`kind` 'edits', body {messageId, targetSeq, text}) or a deletion ('deletions',
     * body {messageId, targetSeq}) of a message; `onReceipt` as for send.
     */
    sendChange(roomId, kind, body, onReceipt) {
      if (!client.connected) {
        return false;
      }
      const receipt = `${kind}-${body.messageId}`;
      client.watchForReceipt(receipt, onReceipt);
      client.publish({
        destination: `/app/rooms/${roomId}/${kind}`,
        headers: { receipt, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return true;
    },
    /** Subscribes to a room's typing signals (members only), replacing an earlier one of the room. */
    subscribeTyping(roomId, onSignal) {
      if (!client.connected) {
        return false;
      }
      typingSubscriptions.get(roomId)?.unsubscribe();
      typingSubscriptions.set(roomId, client.subscribe(`/topic/rooms/${roomId}/typing`,
        (frame) => onSignal(parse(frame.body))));
      return true;
    },
    unsubscribeTyping(roomId) {
      if (client.connected) {
        typingSubscriptions.get(roomId)?.unsubscribe();
      }
      typingSubscriptions.delete(roomId);
    },
    /** Tells the room the user is typing; ephemeral, no receipt. */
    typing(roomId) {
      if (!client.connected) {
        return false;
      }
      client.publish({ destination: `/app/rooms/${roomId}/typing`, body: '{}',
        headers: { 'content-type': 'application/json' } });
      return true;
    },
    /** Closes the socket as a network failure would; automatic reconnect follows unless held. */
    dropConnection: () => client.forceDisconnect(),
    /** Holds automatic reconnecting (true) until released (false): a way to stay away for a while. */
    holdReconnect(on) {
      if (on && !hold) {
        let release;
        const released = new Promise((resolve) => {
          release = resolve;
        });
        hold = { released, release };
      }
      else if (!on && hold) {
        hold.release();
        hold = null;
      }
    },
  };
}
