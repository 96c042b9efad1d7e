// Contacts: search by prefix, requests both ways, remove and block. Never polled: the list is read
// again when a contact update arrives on /user/queue/updates and after each reconnect.
import { api, ApiError } from './api.js';
import { $, button, describe, el } from './dom.js';

export function createContacts(me, { onSessionLost, openDirect, chat }) {
  let contacts = [];
  let searchResults = [];
  let searchTimer = null;
  let stopped = false;

  const tabRooms = $('tab-rooms');
  const tabContacts = $('tab-contacts');
  const search = $('user-search');
  const errorLine = $('contacts-error');

  const showPanel = (rooms) => {
    $('rooms-panel').hidden = !rooms;
    $('contacts-panel').hidden = rooms;
    tabRooms.setAttribute('aria-selected', String(rooms));
    tabContacts.setAttribute('aria-selected', String(!rooms));
  };
  const events = new AbortController();
  const on = (node, type, handler) => node.addEventListener(type, handler, { signal: events.signal });
  on(tabRooms, 'click', () => showPanel(true));
  on(tabContacts, 'click', () => showPanel(false));
  on(search, 'input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 250);
  });
  on($('search-form'), 'submit', (event) => {
    event.preventDefault();
    runSearch();
  });
  showPanel(true);

  async function refresh() {
    try {
      contacts = (await api.contacts()) ?? [];
      chat.setContacts(contacts);
      render();
    }
    catch (error) {
      failed(error);
    }
  }

  function failed(error) {
    if (error instanceof ApiError && error.status === 401) {
      onSessionLost();
    }
    else {
      errorLine.textContent = describe(error);
    }
  }

  async function act(request) {
    errorLine.textContent = '';
    try {
      await request();
    }
    catch (error) {
      failed(error);
    }
    await refresh();
    if (search.value.trim()) {
      runSearch();
    }
  }

  async function runSearch() {
    const prefix = search.value.trim();
    if (!prefix) {
      searchResults = [];
      render();
      return;
    }
    try {
      searchResults = (await api.searchUsers(prefix)) ?? [];
      render();
    }
    catch (error) {
      failed(error);
    }
  }

  const stateOf = (userId) => contacts.find((c) => c.user.id === userId)?.state;

  function person(user, testid, ...actions) {
    return el('li', { class: 'person', data: { testid, userId: user.id, username: user.username } },
      el('span', { class: 'person-name' },
        el('strong', { text: user.displayName || user.username }),
        el('span', { class: 'handle', text: `@${user.username}` })),
      el('span', { class: 'actions' }, ...actions));
  }

  function withPresence(user, item) {
    item.prepend(chat.presenceMarker(user.id));
    return item;
  }

  function render() {
    const incoming = contacts.filter((c) => c.state === 'PENDING');
    const accepted = contacts.filter((c) => c.state === 'ACCEPTED');
    const others = contacts.filter((c) => c.state !== 'PENDING' && c.state !== 'ACCEPTED');

    $('search-results').replaceChildren(...searchResults.filter((u) => u.id !== me.id).map((user) => {
      const state = stateOf(user.id);
      const action = state
        ? el('span', { class: 'state', text: label(state) })
        : button('Add', () => act(() => api.requestContact(user.username)), { data: { testid: 'add-contact' } });
      return person(user, 'search-result', action);
    }));

    $('incoming-list').replaceChildren(...incoming.map(({ user }) => person(user, 'incoming-request',
      button('Accept', () => act(() => api.acceptContact(user.id)), { class: 'primary', data: { testid: 'accept' } }),
      button('Decline', () => act(() => api.declineContact(user.id)), { data: { testid: 'decline' } }))));

    $('contact-list').replaceChildren(...accepted.map(({ user }) => withPresence(user, person(user, 'contact',
      button('Message', () => openDirect(user), { class: 'primary', data: { testid: 'message-contact' } }),
      button('Remove', () => confirm(`Remove ${user.username} from your contacts?`)
        && act(() => api.removeContact(user.id)), { data: { testid: 'remove' } }),
      button('Block', () => confirm(`Block ${user.username}? They will not be able to reach you.`)
        && act(() => api.blockContact(user.id)), { data: { testid: 'block' } })))));

    $('outgoing-list').replaceChildren(...others.map(({ user, state }) => person(user, 'outgoing-request',
      el('span', { class: 'state', text: label(state) }),
      state === 'REQUESTED'
        ? button('Cancel', () => act(() => api.removeContact(user.id)), { data: { testid: 'cancel' } })
        : null)));

    const count = $('incoming-count');
    count.textContent = String(incoming.length);
    count.hidden = incoming.length === 0;
  }

  const label = (state) => ({ ACCEPTED: 'Contact', REQUESTED: 'Requested', PENDING: 'Wants to connect',
    BLOCKED: 'Blocked' })[state] ?? state.toLowerCase();

  refresh();
  chat.onContactsChanged(() => !stopped && refresh());

  return {
    refresh,
    stop() {
      stopped = true;
      clearTimeout(searchTimer);
      events.abort();
      search.value = '';
      searchResults = [];
      contacts = [];
      render();
    },
  };
}
