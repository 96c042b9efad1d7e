// Small DOM helpers. User data only ever goes in through textContent (`text`), never as HTML.

export const $ = (id) => document.getElementById(id);

/** el('li', {class: 'x', text: 'y', data: {testid: 'z'}, on: {click}}, ...children) */
export function el(tag, options = {}, ...children) {
  const node = document.createElement(tag);
  const { text, data, on, ...attributes } = options;
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) {
      node.setAttribute(name, '');
    }
    else if (value !== false && value !== undefined && value !== null) {
      node.setAttribute(name, String(value));
    }
  }
  for (const [name, value] of Object.entries(data ?? {})) {
    node.dataset[name] = String(value);
  }
  for (const [event, handler] of Object.entries(on ?? {})) {
    node.addEventListener(event, handler);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

export function button(label, onClick, options = {}) {
  return el('button', { type: 'button', text: label, on: { click: onClick }, ...options });
}

export function clearErrors(form) {
  form.querySelectorAll('.field-error, .form-error').forEach((node) => {
    node.textContent = '';
  });
  form.querySelectorAll('[aria-invalid]').forEach((node) => node.removeAttribute('aria-invalid'));
}

/**
 * Shows an API error in a form: each named field's message next to that field, anything else in the
 * form's own error line.
 */
export function showErrors(form, error, formErrorNode) {
  const fields = typeof error.fieldErrors === 'function' ? error.fieldErrors() : {};
  let shown = 0;
  for (const [field, message] of Object.entries(fields)) {
    const node = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    if (node) {
      node.textContent = message;
      form.querySelector(`[name="${CSS.escape(field)}"]`)?.setAttribute('aria-invalid', 'true');
      shown += 1;
    }
  }
  if (shown === 0) {
    const named = guessField(form, error.message);
    if (named) {
      named.textContent = error.message;
    }
    else {
      formErrorNode.textContent = describe(error);
    }
  }
}

/** A ProblemDetail without a field list may still name the field first in its detail ("username: ..."). */
function guessField(form, message) {
  const match = /^\s*([A-Za-z]+)\s*[:]/.exec(message ?? '');
  return match ? form.querySelector(`[data-error-for="${CSS.escape(match[1])}"]`) : null;
}

export function describe(error) {
  if (error.status === 429) {
    const wait = error.retryAfter ? ` Try again in ${error.retryAfter} s.` : '';
    return `Too many attempts.${wait}`;
  }
  if (error.status === undefined) {
    return 'The server cannot be reached. Check your connection.';
  }
  return error.message || `Request failed (${error.status}).`;
}
