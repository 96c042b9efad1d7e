// The auditor's page: start a replay of one room or all, follow its progress, read the report.
// Every value from the server is rendered with textContent, never as HTML.
import { api, ApiError, refreshCsrf } from './api.js';

const $ = (id) => document.getElementById(id);

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = typeof text === 'string' ? text : JSON.stringify(text);
  }
  if (className) {
    node.className = className;
  }
  return node;
}

function table(headers, rows) {
  const t = el('table');
  const head = t.createTHead().insertRow();
  headers.forEach((h) => head.appendChild(el('th', h)));
  const body = t.createTBody();
  rows.forEach((cells) => {
    const row = body.insertRow();
    cells.forEach((cell) => row.appendChild(cell instanceof Node ? cell : el('td', cell)));
  });
  return t;
}

function valueCell(value, className) {
  const td = el('td', null, className);
  td.appendChild(el('pre', value === null || value === undefined ? '(none)' : String(value)));
  return td;
}

function itemText(item) {
  return typeof item === 'object' && item !== null ? `${item.roomId} #${item.seq}` : String(item);
}

function renderReport(report) {
  const out = $('replay-report');
  out.replaceChildren();
  const verdict = el('h2', report.valid ? 'Valid: the store matches the log' : 'Problems found',
    report.valid ? 'verdict-ok' : 'verdict-bad');
  verdict.dataset.testid = 'replay-verdict';
  out.appendChild(verdict);
  out.appendChild(el('p', `${report.roomsChecked} room(s), ${report.eventsRead} events read`));

  out.appendChild(el('h3', 'Chains'));
  out.appendChild(table(['Room', 'Valid', 'Last seq', 'First broken seq', 'Problem'],
    Object.entries(report.chain).map(([room, c]) =>
      [room, c.valid ? 'yes' : 'no', String(c.lastSeq), c.firstBrokenSeq ?? '', c.problem ?? ''])));

  if (report.logProblems.length) {
    out.appendChild(el('h3', 'Untrusted log records'));
    out.appendChild(table(['Room', 'Seq', 'Partition@offset', 'Problem'],
      report.logProblems.map((p) => [p.roomId ?? '', p.seq ?? '', `${p.partition}@${p.offset}`, p.problem])));
  }
  out.appendChild(el('h3', 'Missing from the store'));
  out.appendChild(el('p', report.missing.length ? report.missing.map(itemText).join(', ') : 'none'));
  out.appendChild(el('h3', 'Extra in the store'));
  out.appendChild(el('p', report.extra.length ? report.extra.map(itemText).join(', ') : 'none'));

  out.appendChild(el('h3', 'Altered in the store'));
  const altered = [];
  report.altered.forEach((a) => Object.entries(a.fields).forEach(([field, d]) =>
    altered.push([a.roomId ? `${a.roomId} #${a.seq}` : String(a.seq), field,
      valueCell(d.log, 'log'), valueCell(d.store, 'store')])));
  const alteredTable = table(['Seq', 'Field', 'Log', 'Store'], altered);
  alteredTable.dataset.testid = 'altered-table';
  out.appendChild(altered.length ? alteredTable : el('p', 'none'));

  out.appendChild(el('h3', 'Signed chain heads'));
  const heads = report.signedHeads;
  out.appendChild(el('p', `${heads.checked} checked, key ${heads.keyId ?? '(none configured)'}`));
  if (heads.problems.length) {
    out.appendChild(table(['Room', 'Seq', 'Problem'], heads.problems.map((p) => [p.roomId, String(p.seq), p.problem])));
  }

  out.appendChild(el('h3', 'Membership'));
  const ranges = [];
  Object.entries(report.membership).forEach(([room, list]) => list.forEach((r) =>
    ranges.push([room, `${r.fromSeq}–${r.toSeq}`, r.members.join(', ') || '(none recorded)'])));
  out.appendChild(ranges.length ? table(['Room', 'Seqs', 'Members'], ranges) : el('p', 'no membership events'));

  out.appendChild(el('h3', 'Edits and deletions'));
  const changes = [];
  Object.entries(report.changes ?? {}).forEach(([room, c]) => c.items.forEach((item) =>
    changes.push([room, String(item.seq), item.type, String(item.targetSeq), item.senderId])));
  const changesTable = table(['Room', 'Seq', 'Type', 'Message', 'By'], changes);
  changesTable.dataset.testid = 'changes-table';
  out.appendChild(changes.length ? changesTable : el('p', 'none'));
}

async function follow(replayId) {
  $('replay-progress-row').hidden = false;
  for (;;) {
    const progress = await api.replay(replayId);
    $('replay-progress').value = progress.percent;
    $('replay-status').textContent =
      `${progress.state} ${progress.percent}% · ${progress.eventsRead} events · ${progress.eventsPerSecond}/s`;
    if (progress.state === 'DONE') {
      renderReport(progress.report);
      return;
    }
    if (progress.state === 'FAILED') {
      $('replay-error').textContent = progress.error || 'The replay failed';
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function start(event) {
  event.preventDefault();
  $('replay-error').textContent = '';
  $('replay-report').replaceChildren();
  const all = $('replay-all').checked;
  const roomId = $('replay-room').value.trim();
  if (!all && !roomId) {
    $('replay-error').textContent = 'Enter a room id or choose all rooms';
    return;
  }
  try {
    const { replayId } = await api.startReplay(all ? { all: true } : { roomId });
    await follow(replayId);
  }
  catch (error) {
    $('replay-error').textContent = error instanceof ApiError ? error.message : String(error);
  }
}

async function showPanel() {
  try {
    const me = await api.me();
    $('audit-me').textContent = me.username;
    $('audit-login').hidden = true;
    $('audit-panel').hidden = false;
  }
  catch {
    $('audit-login').hidden = false;
    $('audit-panel').hidden = true;
  }
}

$('audit-login').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('audit-login-error').textContent = '';
  try {
    await api.login($('audit-username').value.trim(), $('audit-password').value);
    await refreshCsrf();
    await showPanel();
  }
  catch (error) {
    $('audit-login-error').textContent = error instanceof ApiError ? error.message : String(error);
  }
});
$('replay-all').addEventListener('change', () => { $('replay-room').disabled = $('replay-all').checked; });
$('replay-form').addEventListener('submit', start);
showPanel();
