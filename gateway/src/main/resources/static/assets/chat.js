// Rooms and the chat pane. Every room of the user is subscribed, so previews and unread counts stay
// live; each room's Timeline merges live events and history by seq (no gap, no duplicate). Lists are
// never polled: updates on /user/queue/updates say when to read them again, and so does a reconnect.
// Unread counts come from the server's read state, shared by all devices: its count of messages by
// others when the list was read, then the messages by others this client sees after that.
import { api, ApiError } from './api.js';
import { $, button, clearErrors, describe, el, showErrors } from './dom.js';
import { createLive } from './live.js';
import { isChange, isMessage, isSystemLine, Timeline } from './timeline.js';
import { createPresence, createTyping } from './presence.js';

const PAGE = 50;
const CATCH_UP_PAGE = 200;
const LATEST = Number.MAX_SAFE_INTEGER;
/** How long reading a room waits before telling the server, so that a burst of messages is one mark. */
const READ_MARK_DELAY_MS = 500;
/** How soon the list is read again when the server's count no longer fits what is loaded (then slower). */
const RECOUNT_DELAY_MS = 1000;
const MAX_RECOUNT_DELAY_MS = 15000;
/** How many times a room re-reads history that has not reached the subscription's last seq yet. */
const MAX_CATCH_UP_RETRIES = 40;
const CONNECTION_LABELS = { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…',
  offline: 'Offline' };
const STATUS_LABELS = { pending: 'Sending…', sent: 'Sent', failed: 'Not sent' };

export function createChat(me, { onSessionLost }) {
  const rooms = new Map();
  const users = new Map([[me.id, me]]);
  const events = new AbortController();
  const contactListeners = [];
  let contacts = [];
  let openRoomId = null;
  let roomToReopen = /^#room\/(.+)$/.exec(location.hash)?.[1];
  let connectionState = 'connecting';
  let connectedBefore = false;
  let stopped = false;
  /** The message being edited in the composer: {roomId, seq}, or null. */
  let editing = null;
  /** Edits and deletions sent and not yet seen as room events, by messageId: what to say if refused. */
  const changesInFlight = new Map();

  const live = createLive({
    onState: (state) => {
      connectionState = state;
      renderConnection();
    },
    onConnected: () => {
      for (const room of rooms.values()) {
        subscribeAndCatchUp(room);
      }
      resendPending();
      if (connectedBefore) {
        // updates sent while disconnected are lost: read the lists once instead
        refreshRooms();
        contactListeners.forEach((listener) => listener());
      }
      connectedBefore = true;
      rooms.forEach((room) => room.readMarkSent < room.readSeq && scheduleReadMark(room));
      typing.reconnected();
    },
    onRoomEvent: receive,
    onRefusal: refused,
    onUpdate: applyUpdate,
    onSessionEnded: () => onSessionLost(),
  });
  const typing = createTyping(live, (userId) => nameOf(userId));
  const presence = createPresence();

  // ---- rooms ------------------------------------------------------------------------------------

  /** READ updates for rooms not listed yet, by room id: the list may come after them. */
  const earlyReads = new Map();

  function newRoom(data) {
    return { ...data, timeline: new Timeline(), loaded: false, reachedStart: false, syncing: null, resync: false,
      retries: 0, target: 0, loadingOlder: false, readMarkSent: data.readSeq, readMarkTimer: null,
      counted: data.counted };
  }

  function normalizeRoom(raw) {
    const members = raw.members ?? raw.memberIds ?? [];
    members.filter((m) => m && typeof m === 'object').forEach(remember);
    const kind = String(raw.kind ?? raw.type ?? (raw.name ? 'GROUP' : 'DIRECT')).toUpperCase();
    return { id: raw.id, kind, name: raw.name, ownerId: raw.ownerId,
      memberIds: members.map((m) => (m && typeof m === 'object' ? m.id : m)),
      readSeq: Number(raw.readSeq) || 0,
      // the server's count of messages by others after its readSeq, up to its lastSeq
      counted: { lastSeq: Number(raw.lastSeq) || 0, readSeq: Number(raw.readSeq) || 0,
        unread: Number(raw.unread) || 0 } };
  }

  function remember(user) {
    if (user?.id && (user.username || !users.has(user.id))) {
      users.set(user.id, { ...users.get(user.id), ...user });
    }
  }

  const nameOf = (userId) => {
    const user = users.get(userId);
    return user?.displayName || user?.username || 'Someone';
  };

  function titleOf(room) {
    if (room.kind === 'GROUP') {
      return room.name || 'Group';
    }
    const other = room.memberIds.find((id) => id !== me.id);
    return other ? nameOf(other) : room.name || 'Direct chat';
  }

  function addRoom(raw) {
    const data = normalizeRoom(raw);
    // a READ that came before the room was listed
    data.readSeq = Math.max(data.readSeq, earlyReads.get(data.id) ?? 0);
    earlyReads.delete(data.id);
    let room = rooms.get(data.id);
    if (room) {
      // the read mark only moves forward, and of two counts the later one holds (lists may cross)
      if (data.counted.lastSeq < room.counted.lastSeq
          || (data.counted.lastSeq === room.counted.lastSeq && data.counted.readSeq < room.counted.readSeq)) {
        data.counted = room.counted;
      }
      data.readSeq = Math.max(room.readSeq, data.readSeq);
      Object.assign(room, data);
      return room;
    }
    room = newRoom(data);
    rooms.set(room.id, room);
    if (!subscribeAndCatchUp(room)) {
      sync(room);
    }
    return room;
  }

  /**
   * Subscribes first; on the RECEIPT, reads history until it reaches the receipt's last seq (it
   * trails the live stream by up to a second). Returns false when not connected.
   */
  function subscribeAndCatchUp(room) {
    return live.subscribe(room.id, (lastSeq) => {
      room.target = Math.max(room.target, lastSeq);
      room.retries = 0;
      sync(room);
    });
  }

  /** Live events beyond what history holds, or history short of the subscription's last seq. */
  function behind(room) {
    return room.timeline.hasGap() || room.timeline.head < room.target;
  }

  function dropRoom(roomId) {
    clearTimeout(rooms.get(roomId)?.readMarkTimer);
    rooms.delete(roomId);
    live.unsubscribe(roomId);
    if (openRoomId === roomId) {
      openRoom(null);
    }
  }

  async function refreshRooms() {
    try {
      const list = items(await api.rooms());
      const current = new Set(list.map((raw) => addRoom(raw).id));
      [...rooms.keys()].filter((id) => !current.has(id)).forEach(dropRoom);
      renderRooms();
      renderChatHeader();
      if (roomToReopen) {
        const roomId = decodeURIComponent(roomToReopen);
        roomToReopen = null;
        if (rooms.has(roomId)) {
          openRoom(roomId);
        }
      }
    }
    catch (error) {
      failed(error);
    }
  }

  /**
   * Brings a room up to date: the latest page the first time, then everything after the contiguous
   * head. Runs once at a time per room; a request made meanwhile runs again afterwards. While history
   * lacks what it must hold (a gap before a live event, or seqs up to the subscription's last seq: it
   * is written a moment after delivery) it is read again, sooner at first.
   */
  function sync(room) {
    if (room.syncing) {
      room.resync = true;
      return room.syncing;
    }
    room.syncing = (async () => {
      try {
        do {
          room.resync = false;
          if (!room.loaded) {
            const latest = items(await api.messagesBefore(room.id, LATEST, PAGE));
            latest.forEach((event) => sawOwn(room, event));
            room.timeline.addAll(latest);
            room.loaded = true;
          }
          let more = true;
          while (more) {
            const page = items(await api.messagesAfter(room.id, room.timeline.head, CATCH_UP_PAGE));
            page.forEach((event) => sawOwn(room, event));
            more = room.timeline.addAll(page) > 0 && page.length === CATCH_UP_PAGE;
          }
          await refreshEdited(room);
        } while (room.resync && !stopped);
      }
      catch (error) {
        failed(error);
      }
      finally {
        room.syncing = null;
      }
      changed(room);
      if (room.retries >= MAX_CATCH_UP_RETRIES && room.timeline.head < room.target) {
        // a seq read live before chat-service's crash and never ordered again: stop waiting for it
        room.target = room.timeline.head;
      }
      if (behind(room) && !stopped) {
        room.retries += 1;
        setTimeout(() => rooms.has(room.id) && sync(room), Math.min(100 * room.retries, 5000));
      }
      else {
        room.retries = 0;
      }
    })();
    return room.syncing;
  }

  /** Re-reads loaded messages that history says were edited while this client did not see the edit. */
  async function refreshEdited(room) {
    for (const seq of [...room.timeline.stale]) {
      const [current] = items(await api.messagesAfter(room.id, seq - 1, 1));
      if (current?.seq === seq) {
        room.timeline.refresh(current);
      }
      else {
        room.timeline.stale.delete(seq);
      }
    }
  }

  async function loadOlder(room) {
    if (room.loadingOlder || room.reachedStart || !room.timeline.hasOlder()) {
      return;
    }
    room.loadingOlder = true;
    renderOlderState(room);
    try {
      const page = items(await api.messagesBefore(room.id, room.timeline.oldest, PAGE));
      room.reachedStart = room.timeline.addAll(page) === 0;
    }
    catch (error) {
      failed(error);
    }
    finally {
      room.loadingOlder = false;
    }
    if (room.id === openRoomId) {
      renderMessages('keep-position');
    }
  }

  function receive(event) {
    const room = rooms.get(event.roomId);
    if (!room) {
      return;
    }
    if (!users.has(event.senderId)) {
      remember({ id: event.senderId, displayName: event.senderName });
    }
    sawOwn(room, event);
    if (isChange(event)) {
      changesInFlight.delete(event.messageId);
    }
    typing.messageFrom(event);
    if (room.timeline.add(event)) {
      if (room.timeline.hasGap()) {
        sync(room);
      }
      changed(room);
    }
  }

  function changed(room) {
    if (room.id === openRoomId) {
      markRead(room);
      renderMessages('follow');
    }
    renderRooms();
  }

  // ---- sending ----------------------------------------------------------------------------------

  function send(text) {
    const room = rooms.get(openRoomId);
    if (!room) {
      return;
    }
    const item = { messageId: newMessageId(), text, status: 'pending', error: null };
    room.timeline.pending.set(item.messageId, item);
    transmit(room, item);
    renderMessages('bottom');
  }

  function transmit(room, item) {
    live.send(room.id, item.messageId, item.text, () => {
      if (item.status === 'pending') {
        item.status = 'sent';
        if (room.id === openRoomId) {
          renderMessages('follow');
        }
      }
    });
  }

  // ---- editing and deleting --------------------------------------------------------------------

  /** Puts one of my messages into the composer; the next submit sends it as an edit. */
  function startEdit(room, message) {
    editing = { roomId: room.id, seq: message.seq };
    input.value = message.text ?? '';
    $('edit-banner').hidden = false;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  function stopEdit() {
    editing = null;
    $('edit-banner').hidden = true;
    input.value = '';
    input.style.height = '';
  }

  /** The newest of my messages in a room that can still be changed. */
  function lastOwnMessage(room) {
    return room?.timeline.messages().reverse()
      .find((m) => m.senderId === me.id && !isSystemLine(m) && !m.deleted && m.seq);
  }

  /**
   * Sends an edit or deletion of the message at `targetSeq`. chat-service decides whether it is
   * allowed (only the sender, edits within the window); a refusal comes back as a notice.
   */
  function change(roomId, kind, targetSeq, text) {
    const body = kind === 'edits' ? { messageId: newMessageId(), targetSeq, text }
      : { messageId: newMessageId(), targetSeq };
    changesInFlight.set(body.messageId, kind === 'edits' ? 'edit' : 'delete');
    if (!live.sendChange(roomId, kind, body, () => {})) {
      changesInFlight.delete(body.messageId);
      notice('Not connected: try again in a moment');
    }
  }

  function deleteMessage(room, message) {
    if (confirm('Delete this message? Everyone in the room will see that it was deleted.')) {
      change(room.id, 'deletions', message.seq);
    }
  }

  /** After a reconnect: a message whose receipt never came is sent again with the same messageId. */
  function resendPending() {
    for (const room of rooms.values()) {
      for (const item of room.timeline.pending.values()) {
        if (item.status === 'pending') {
          transmit(room, item);
        }
      }
    }
  }

  function refused(refusal) {
    const message = refusal.message || refusal.code || 'Refused';
    const kind = changesInFlight.get(refusal.messageId);
    if (kind) {
      changesInFlight.delete(refusal.messageId);
      notice(`Could not ${kind} the message: ${message}`);
      return;
    }
    for (const room of rooms.values()) {
      const item = room.timeline.pending.get(refusal.messageId);
      if (item) {
        item.status = 'failed';
        item.error = message;
        if (room.id === openRoomId) {
          renderMessages('follow');
        }
        return;
      }
    }
    notice(message);
  }

  // ---- reading ----------------------------------------------------------------------------------

  /** The room is in view: what it shows is read, here and (after a short delay) on the server. */
  function markRead(room) {
    if (document.visibilityState !== 'visible' || room.timeline.newest <= room.readSeq) {
      return;
    }
    room.readSeq = room.timeline.newest;
    scheduleReadMark(room);
  }

  function scheduleReadMark(room) {
    if (room.readMarkTimer) {
      return;
    }
    room.readMarkTimer = setTimeout(() => {
      room.readMarkTimer = null;
      if (rooms.has(room.id) && room.readSeq > room.readMarkSent && live.markRead(room.id, room.readSeq)) {
        room.readMarkSent = room.readSeq;
      }
    }, READ_MARK_DELAY_MS);
  }

  /** What I sent or did myself is read (the server counts it so too). */
  function sawOwn(room, event) {
    if (event.seq && (event.senderId === me.id || event.memberId === me.id) && event.seq > room.readSeq) {
      room.readSeq = event.seq;
      room.readMarkSent = Math.max(room.readMarkSent, event.seq);
    }
  }

  /**
   * Unread = the chat messages of others after my read mark. Up to the server's lastSeq the server
   * counted them (less those loaded here that I have read since); after it, this client counts the
   * ones it has loaded or received live. Edits, deletions and membership changes never count.
   */
  function unreadOf(room) {
    const { counted } = room;
    let unread = 0;
    if (room.readSeq < counted.lastSeq) {
      unread = counted.unread - othersMessages(room, counted.readSeq, room.readSeq);
    }
    return Math.max(0, unread + othersMessages(room, Math.max(room.readSeq, counted.lastSeq), room.timeline.newest));
  }

  /** The loaded chat messages of others with a seq after `after`, up to `upTo`. */
  function othersMessages(room, after, upTo) {
    const counts = (event) => event.seq > after && event.seq <= upTo && isMessage(event) && event.senderId !== me.id;
    const { bySeq } = room.timeline;
    let count = 0;
    if (upTo - after > bySeq.size) {
      bySeq.forEach((event) => { count += counts(event) ? 1 : 0; });
    }
    else {
      for (let seq = after + 1; seq <= upTo; seq += 1) {
        const event = bySeq.get(seq);
        count += event && counts(event) ? 1 : 0;
      }
    }
    return count;
  }

  /**
   * Whether the count needs messages this client has not loaded: the server counted up to an
   * earlier seq than the loaded ones start at (it reads the room log a moment behind), or I read
   * part of what it counted and that part is not loaded. The server's next count settles it.
   */
  function countIsStale(room) {
    const { counted, timeline } = room;
    if (!room.loaded || timeline.oldest === 0) {
      return false;
    }
    const partlyRead = room.readSeq > counted.readSeq && room.readSeq < counted.lastSeq;
    return Math.max(room.readSeq, counted.lastSeq) + 1 < timeline.oldest
      || (partlyRead && counted.readSeq + 1 < timeline.oldest);
  }

  let recountTimer = null;
  let recountDelay = RECOUNT_DELAY_MS;

  /** Reads the list again (sooner at first) while some room's count needs the server's. */
  function recountIfStale() {
    if (recountTimer || stopped) {
      return;
    }
    if (![...rooms.values()].some(countIsStale)) {
      recountDelay = RECOUNT_DELAY_MS;
      return;
    }
    recountTimer = setTimeout(async () => {
      await refreshRooms();
      recountTimer = null;
      recountDelay = Math.min(recountDelay * 2, MAX_RECOUNT_DELAY_MS);
      recountIfStale();
    }, recountDelay);
  }

  // ---- updates ----------------------------------------------------------------------------------

  /** An update on /user/queue/updates: a hint to redraw, applied here or by reading a list again. */
  function applyUpdate(update) {
    switch (update.type) {
      case 'READ': {
        const room = rooms.get(update.roomId);
        if (!room) {
          earlyReads.set(update.roomId, Math.max(earlyReads.get(update.roomId) ?? 0, Number(update.seq)));
        }
        else if (Number(update.seq) > room.readSeq) {
          room.readSeq = Number(update.seq);
          room.readMarkSent = Math.max(room.readMarkSent, room.readSeq);
          renderRooms();
        }
        break;
      }
      case 'PRESENCE':
        presence.applyPresence(update);
        break;
      case 'ROOM_REMOVED':
        dropRoom(update.roomId);
        renderRooms();
        break;
      case 'ROOM_ADDED':
      case 'ROOM_CHANGED':
        refreshRooms();
        break;
      default:
        if (String(update.type).startsWith('CONTACT_')) {
          contactListeners.forEach((listener) => listener(update));
        }
    }
  }

  function openRoom(roomId) {
    if (editing && editing.roomId !== roomId) {
      stopEdit();
    }
    openRoomId = roomId;
    typing.watch(rooms.has(roomId) ? roomId : null);
    history.replaceState(null, '', roomId ? `#room/${encodeURIComponent(roomId)}` : location.pathname);
    document.body.classList.toggle('room-open', Boolean(roomId));
    $('chat-notice').hidden = true;
    const room = rooms.get(roomId);
    renderChatHeader();
    renderMessages('bottom');
    renderRooms();
    if (room) {
      markRead(room);
      if (room.timeline.bySeq.size < PAGE) {
        loadOlder(room);
      }
      if (matchMedia('(min-width: 720px)').matches) {
        $('message-input').focus();
      }
    }
  }

  async function openDirect(user) {
    try {
      remember(user);
      const room = addRoom(await api.directRoom(user.id));
      $('tab-rooms').click();
      openRoom(room.id);
    }
    catch (error) {
      failed(error, $('contacts-error'));
    }
  }

  // ---- rendering --------------------------------------------------------------------------------

  function renderConnection() {
    const node = $('connection-state');
    node.dataset.state = connectionState;
    node.textContent = CONNECTION_LABELS[connectionState];
  }

  function renderRooms() {
    const sorted = [...rooms.values()].sort((a, b) => (b.timeline.latest()?.sentAt ?? '')
      .localeCompare(a.timeline.latest()?.sentAt ?? '') || titleOf(a).localeCompare(titleOf(b)));
    let totalUnread = 0;
    $('room-list').replaceChildren(...sorted.map((room) => {
      const latest = room.timeline.latest();
      const unread = room.id === openRoomId ? 0 : unreadOf(room);
      totalUnread += unread;
      const preview = !latest ? 'No messages yet' : isSystemLine(latest) ? systemText(latest)
        : `${latest.senderId === me.id ? 'You' : latest.senderName || nameOf(latest.senderId)}: ${
          latest.deleted ? 'Message deleted' : latest.text}`;
      return el('li', { class: `room${room.id === openRoomId ? ' active' : ''}`,
        data: { testid: 'room', roomId: room.id, kind: room.kind } },
        el('button', { type: 'button', on: { click: () => openRoom(room.id) } },
          el('span', { class: 'room-name' },
            room.kind === 'DIRECT' ? presence.marker(room.memberIds.find((id) => id !== me.id)) : null,
            el('span', { class: 'room-title', data: { testid: 'room-title' }, text: titleOf(room) })),
          unread > 0 ? el('span', { class: 'badge', data: { testid: 'unread' }, text: unread }) : null,
          el('span', { class: 'room-preview', data: { testid: 'room-preview' }, text: preview })));
    }));
    $('rooms-empty').hidden = rooms.size > 0;
    document.title = totalUnread > 0 ? `(${totalUnread}) Roomcast` : 'Roomcast';
    recountIfStale();
  }

  function renderChatHeader() {
    const room = rooms.get(openRoomId);
    $('room-title').textContent = room ? titleOf(room) : 'Roomcast';
    $('leave-button').hidden = !room || room.kind !== 'GROUP';
    $('composer').hidden = !room;
    $('chat-empty').hidden = Boolean(room);
  }

  function renderOlderState(room) {
    const hasMessages = room && (room.timeline.bySeq.size > 0 || room.timeline.pending.size > 0);
    let text = '';
    if (room?.loadingOlder) {
      text = 'Loading earlier messages…';
    }
    else if (room && !hasMessages) {
      text = room.loaded ? 'No messages yet. Say hello!' : 'Loading…';
    }
    else if (room && (room.reachedStart || !room.timeline.hasOlder())) {
      text = 'Start of the conversation';
    }
    $('older-state').textContent = text;
  }

  /** mode: 'bottom' scrolls to the end, 'follow' stays at the end if it was there, 'keep-position' keeps the view. */
  function renderMessages(mode) {
    const scroller = $('message-scroller');
    const atEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48;
    const fromEnd = scroller.scrollHeight - scroller.scrollTop;
    const room = rooms.get(openRoomId);
    renderOlderState(room);
    $('message-list').replaceChildren(...(room ? [
      ...room.timeline.messages().map((m) => messageItem(m, m.senderId === me.id ? 'sent' : null, room)),
      ...[...room.timeline.pending.values()].map((p) => messageItem({ ...p, senderId: me.id }, p.status)),
    ] : []));
    if (mode === 'keep-position') {
      scroller.scrollTop = scroller.scrollHeight - fromEnd;
    }
    else if (mode === 'bottom' || atEnd) {
      scroller.scrollTop = scroller.scrollHeight;
    }
  }

  /** "Alice added Bob", "Bob left": the text of a membership change. */
  function systemText(event) {
    const actor = event.senderId === me.id ? 'You' : event.senderName || nameOf(event.senderId);
    const member = event.memberId === me.id ? 'you' : event.memberName || nameOf(event.memberId);
    switch (event.type) {
      case 'ROOM_CREATED': return `${actor} created the room`;
      case 'MEMBER_ADDED': return `${actor} added ${member}`;
      case 'MEMBER_REMOVED': return `${actor} removed ${member}`;
      case 'MEMBER_LEFT': return `${event.memberId === me.id ? 'You' : event.memberName || nameOf(event.memberId)} left`;
      default: return `${actor}: ${event.type}`;
    }
  }

  function messageItem(message, status, room) {
    if (isSystemLine(message)) {
      return el('li', { class: 'system-line', data: { testid: 'system-line', seq: message.seq, type: message.type } },
        el('span', { text: systemText(message) }),
        message.sentAt ? el('time', { datetime: message.sentAt, text: ` · ${formatTime(message.sentAt)}` }) : null);
    }
    const mine = message.senderId === me.id;
    const data = { testid: 'message', messageId: message.messageId, status: status ?? 'received' };
    if (message.seq) {
      data.seq = message.seq;
    }
    if (message.deleted) {
      data.deleted = true;
    }
    const changeable = mine && room && message.seq && !message.deleted;
    return el('li', { class: `message${mine ? ' mine' : ''}${status === 'failed' ? ' failed' : ''}`, data },
      el('div', { class: 'meta' },
        el('span', { class: 'sender', text: mine ? 'You' : message.senderName || nameOf(message.senderId) }),
        message.sentAt ? el('time', { datetime: message.sentAt, text: formatTime(message.sentAt) }) : null,
        message.editedAt && !message.deleted ? el('span', { class: 'edited', data: { testid: 'message-edited' },
          title: `Edited ${formatTime(message.editedAt)}`, text: 'edited' }) : null,
        changeable ? el('span', { class: 'message-actions' },
          button('Edit', () => startEdit(room, message), { class: 'link', data: { testid: 'edit-message' } }),
          button('Delete', () => deleteMessage(room, message), { class: 'link', data: { testid: 'delete-message' } }))
          : null),
      message.deleted
        ? el('p', { class: 'text tombstone', data: { testid: 'message-text' }, text: 'This message was deleted' })
        : el('p', { class: 'text', data: { testid: 'message-text' }, text: message.text }),
      mine ? el('span', { class: 'status', data: { testid: 'message-status' }, text: STATUS_LABELS[status] }) : null,
      message.error ? el('p', { class: 'error', data: { testid: 'message-error' }, text: message.error }) : null);
  }

  function notice(text) {
    const node = $('chat-notice');
    node.textContent = text;
    node.hidden = false;
  }

  function failed(error, line) {
    if (error instanceof ApiError && error.status === 401) {
      onSessionLost();
    }
    else if (line) {
      line.textContent = describe(error);
    }
    else {
      console.warn(error);
    }
  }

  // ---- group form -------------------------------------------------------------------------------

  const groupForm = $('group-form');

  function showGroupForm(show) {
    groupForm.hidden = !show;
    clearErrors(groupForm);
    if (!show) {
      return;
    }
    groupForm.reset();
    const accepted = contacts.filter((c) => c.state === 'ACCEPTED');
    $('group-members').replaceChildren(...(accepted.length ? accepted.map(({ user }) =>
      el('label', { class: 'choice' },
        el('input', { type: 'checkbox', name: 'memberIds', value: user.id, data: { username: user.username } }),
        el('span', { text: user.displayName || user.username })))
      : [el('p', { class: 'empty', text: 'Add contacts first.' })]));
    $('group-name').focus();
  }

  async function createGroup(event) {
    event.preventDefault();
    clearErrors(groupForm);
    const memberIds = [...groupForm.querySelectorAll('input[name=memberIds]:checked')].map((box) => box.value);
    try {
      const room = addRoom(await api.createGroup($('group-name').value.trim(), memberIds));
      showGroupForm(false);
      openRoom(room.id);
    }
    catch (error) {
      if (error instanceof ApiError && error.status !== 401) {
        showErrors(groupForm, error, $('group-error'));
      }
      else {
        failed(error, $('group-error'));
      }
    }
  }

  async function leaveOpenRoom() {
    const room = rooms.get(openRoomId);
    if (room && confirm(`Leave ${titleOf(room)}?`)) {
      try {
        await api.leaveRoom(room.id, me.id);
        dropRoom(room.id);
        renderRooms();
      }
      catch (error) {
        failed(error);
        notice(describe(error));
      }
    }
  }

  // ---- wiring -----------------------------------------------------------------------------------

  const on = (node, type, handler) => node.addEventListener(type, handler, { signal: events.signal });
  const input = $('message-input');
  on($('composer'), 'submit', (event) => {
    event.preventDefault();
    if (editing && input.value.trim()) {
      change(editing.roomId, 'edits', editing.seq, input.value);
      stopEdit();
    }
    else if (input.value.trim()) {
      send(input.value);
      input.value = '';
      input.style.height = '';
    }
  });
  on(input, 'keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $('composer').requestSubmit();
    }
    else if (event.key === 'ArrowUp' && !editing && input.value === '') {
      const room = rooms.get(openRoomId);
      const last = lastOwnMessage(room);
      if (last) {
        event.preventDefault();
        startEdit(room, last);
      }
    }
    else if (event.key === 'Escape' && editing) {
      event.preventDefault();
      stopEdit();
    }
  });
  on($('edit-cancel'), 'click', stopEdit);
  on(input, 'input', () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  });
  on(input, 'input', () => input.value.trim() && typing.typed());
  on($('message-scroller'), 'scroll', () => {
    const room = rooms.get(openRoomId);
    if (room && $('message-scroller').scrollTop < 80) {
      loadOlder(room);
    }
  });
  on($('back-button'), 'click', () => openRoom(null));
  on($('leave-button'), 'click', leaveOpenRoom);
  on($('new-group-button'), 'click', () => showGroupForm(groupForm.hidden));
  on($('group-cancel'), 'click', () => showGroupForm(false));
  on(groupForm, 'submit', createGroup);
  on(document, 'visibilitychange', () => {
    const room = rooms.get(openRoomId);
    if (room) {
      markRead(room);
      renderRooms();
    }
  });

  renderConnection();
  openRoom(null);
  refreshRooms().then(() => !stopped && live.start());

  return {
    openDirect,
    /** `listener(update)` runs on each contact update, and with no update after a reconnect. */
    onContactsChanged(listener) {
      contactListeners.push(listener);
    },
    /** A presence dot for a user (contact lists). */
    presenceMarker: (userId) => presence.marker(userId),
    /** Applies a PRESENCE update of `/user/queue/updates`; false for other types. */
    applyPresence: (update) => presence.applyPresence(update),
    setContacts(list) {
      contacts = list;
      list.forEach((contact) => remember(contact.user));
      presence.seed(list);
      renderRooms();
      renderChatHeader();
    },
    async stop() {
      stopped = true;
      clearTimeout(recountTimer);
      rooms.forEach((room) => clearTimeout(room.readMarkTimer));
      events.abort();
      showGroupForm(false);
      rooms.clear();
      openRoom(null);
      presence.clear();
      await live.stop();
    },
    /** Hooks for tests and for trying reconnects by hand from the console. */
    debugHooks: () => Object.freeze({
      dropConnection: () => live.dropConnection(),
      holdReconnect: (on) => live.holdReconnect(on),
      connectionState: () => connectionState,
      lastSeq: (roomId) => rooms.get(roomId)?.timeline.head ?? 0,
      unread: (roomId) => (rooms.has(roomId) ? unreadOf(rooms.get(roomId)) : null),
      openRoomId: () => openRoomId,
      /** Sends an edit or deletion of any message, as a client that skips the own-message check would. */
      editMessage: (roomId, seq, text) => change(roomId, 'edits', seq, text),
      deleteMessage: (roomId, seq) => change(roomId, 'deletions', seq),
    }),
  };
}

function items(page) {
  if (Array.isArray(page)) {
    return page;
  }
  return page?.items ?? page?.messages ?? page?.content ?? page?.rooms ?? [];
}

function formatTime(iso) {
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}

/** crypto.randomUUID needs a secure context; a LAN address over http is not one. */
function newMessageId() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
