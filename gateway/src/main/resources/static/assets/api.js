// HTTP calls to the gateway's /api/**. Every mutating call carries the CSRF token;
// failures become an ApiError holding the server's ProblemDetail.

let csrf = null;

export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** Field name → message, from the usual ProblemDetail shapes for validation errors. */
  fieldErrors() {
    const p = this.problem;
    const out = {};
    const put = (field, message) => {
      if (field && !out[field]) {
        const text = Array.isArray(message) ? message.join(', ') : String(message);
        out[field] = text.startsWith(`${field}: `) ? text.slice(field.length + 2) : text;
      }
    };
    for (const key of ['errors', 'fieldErrors', 'violations', 'invalidParams', 'invalid-params']) {
      const value = p[key];
      if (Array.isArray(value)) {
        value.forEach((e) => put(e.field ?? e.name ?? e.property ?? e.pointer?.replace(/^#?\//, ''),
          e.message ?? e.reason ?? e.defaultMessage ?? e.detail));
      }
      else if (value && typeof value === 'object') {
        Object.entries(value).forEach(([field, message]) => put(field, message));
      }
    }
    if (p.field) {
      put(p.field, p.detail ?? p.title);
    }
    return out;
  }
}

/** Fetches a fresh CSRF token; the session (and so the token) changes at login, signup and logout. */
export async function refreshCsrf() {
  const response = await fetch('/api/auth/csrf', { credentials: 'same-origin' });
  csrf = response.ok ? await response.json() : null;
  return csrf;
}

export function csrfHeaders() {
  return csrf ? { [csrf.headerName || 'X-XSRF-TOKEN']: csrf.token } : {};
}

async function call(method, path, body, retried = false) {
  const mutating = method !== 'GET';
  if (mutating && !csrf) {
    await refreshCsrf();
  }
  const headers = { Accept: 'application/json', ...(mutating ? csrfHeaders() : {}) };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 403 && mutating && !retried) {
    // A stale token (the session changed elsewhere) is refused as 403: refresh once and retry.
    await refreshCsrf();
    return call(method, path, body, true);
  }
  const text = await response.text();
  const json = text ? safeJson(text) : null;
  if (!response.ok) {
    const problem = json && typeof json === 'object' ? json : { detail: text || response.statusText };
    throw new ApiError(response.status, problem, response.headers.get('Retry-After'));
  }
  return json;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  }
  catch {
    return { detail: text };
  }
}

const enc = encodeURIComponent;

export const api = {
  me: () => call('GET', '/api/me'),
  signup: (username, password, displayName) => call('POST', '/api/auth/signup', { username, password, displayName }),
  login: (username, password) => call('POST', '/api/auth/login', { username, password }),
  logout: () => call('POST', '/api/auth/logout'),
  searchUsers: (prefix) => call('GET', `/api/users?q=${enc(prefix)}`),
  contacts: () => call('GET', '/api/contacts'),
  requestContact: (username) => call('POST', '/api/contacts', { username }),
  acceptContact: (userId) => call('POST', `/api/contacts/${enc(userId)}/accept`),
  declineContact: (userId) => call('POST', `/api/contacts/${enc(userId)}/decline`),
  removeContact: (userId) => call('DELETE', `/api/contacts/${enc(userId)}`),
  blockContact: (userId) => call('POST', `/api/contacts/${enc(userId)}/block`),
  rooms: () => call('GET', '/api/rooms'),
  directRoom: (userId) => call('POST', '/api/rooms/direct', { userId }),
  createGroup: (name, memberIds) => call('POST', '/api/rooms', { name, memberIds }),
  leaveRoom: (roomId, userId) => call('DELETE', `/api/rooms/${enc(roomId)}/members/${enc(userId)}`),
  messagesAfter: (roomId, afterSeq, limit) =>
    call('GET', `/api/rooms/${enc(roomId)}/messages?afterSeq=${afterSeq}&limit=${limit}`),
  messagesBefore: (roomId, beforeSeq, limit) =>
    call('GET', `/api/rooms/${enc(roomId)}/messages?beforeSeq=${beforeSeq}&limit=${limit}`),
  startReplay: (scope) => call('POST', '/api/audit/replays', scope),
  replay: (replayId) => call('GET', `/api/audit/replays/${enc(replayId)}`),
};
