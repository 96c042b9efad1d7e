// Entry point: shows the sign-in screen or the chat, and switches between them.
import { api, ApiError, refreshCsrf } from './api.js';
import { $, clearErrors, describe, showErrors } from './dom.js';
import { createChat } from './chat.js';
import { createContacts } from './contacts.js';

let session = null;

async function start() {
  bindAuthForms();
  $('logout-button').addEventListener('click', logout);
  try {
    await refreshCsrf();
    enter(await api.me());
  }
  catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) {
      console.warn('could not load the current user', error);
    }
    showAuth();
  }
}

/** Shows the login form (true) or the signup form (false) of the sign-in screen. */
function showTab(loginTab) {
  $('login-form').hidden = !loginTab;
  $('signup-form').hidden = loginTab;
  $('show-login').setAttribute('aria-selected', String(loginTab));
  $('show-signup').setAttribute('aria-selected', String(!loginTab));
  (loginTab ? $('login-username') : $('signup-username')).focus();
}

function bindAuthForms() {
  const login = $('login-form');
  const signup = $('signup-form');
  // the demo users exist only where someone ran ./run.sh --demo: a local run
  $('local-run-hint').hidden = !['localhost', '127.0.0.1'].includes(location.hostname);
  $('show-login').addEventListener('click', () => showTab(true));
  $('show-signup').addEventListener('click', () => showTab(false));

  submitting(login, $('login-error'), () => api.login($('login-username').value.trim(), $('login-password').value));
  submitting(signup, $('signup-error'), () => api.signup($('signup-username').value.trim(),
    $('signup-password').value, $('signup-display-name').value.trim()));
}

function submitting(form, formError, request) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const submit = form.querySelector('[type=submit]');
    submit.disabled = true;
    try {
      const user = await request();
      await refreshCsrf();
      form.reset();
      enter(user);
    }
    catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        formError.textContent = 'Wrong username or password.';
      }
      else if (error instanceof ApiError) {
        showErrors(form, error, formError);
      }
      else {
        formError.textContent = describe(error);
      }
    }
    finally {
      submit.disabled = false;
    }
  });
}

function showAuth() {
  document.body.classList.remove('signed-in');
  $('app-view').hidden = true;
  $('logout-button').hidden = true;
  $('connection-state').hidden = true;
  $('me-name').textContent = '';
  $('auth-view').hidden = false;
}

function enter(me) {
  $('auth-view').hidden = true;
  $('app-view').hidden = false;
  $('logout-button').hidden = false;
  $('connection-state').hidden = false;
  $('me-name').textContent = me.displayName || me.username;
  $('me-name').title = `@${me.username}`;
  document.body.classList.add('signed-in');
  const chat = createChat(me, { onSessionLost: sessionLost });
  const contacts = createContacts(me, { onSessionLost: sessionLost, openDirect: chat.openDirect, chat });
  session = { me, chat, contacts };
  window.roomcast = chat.debugHooks();
}

async function leave() {
  if (session) {
    session.contacts.stop();
    await session.chat.stop();
    session = null;
    delete window.roomcast;
  }
}

async function logout() {
  try {
    await api.logout();
  }
  catch (error) {
    console.warn('logout failed', error);
  }
  await leave();
  await refreshCsrf().catch(() => null);
  showAuth();
}

async function sessionLost() {
  if (!session) {
    return;
  }
  await leave();
  await refreshCsrf().catch(() => null);
  showAuth();
  // the login form, whichever tab was open when the user signed in
  showTab(true);
  $('login-error').textContent = 'Your session ended. Please log in again.';
}

start();
