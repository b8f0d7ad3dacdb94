'use strict';
// Callout console: plain modern JS, no build. Every piece of data goes into the page as text (textContent or
// Text nodes via h()), never as HTML, so alarm names, messages and usernames cannot inject markup or script.

const $ = (s, root = document) => root.querySelector(s);
function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'value') e.value = v ?? '';
    else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of kids.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}
const fmt = t => t ? new Date(t).toLocaleString() : '';
let me = null;
let events = null;
const board = { alarms: new Map(), users: {}, filter: { state: 'open', source: '', priority: '' } };

async function api(method, url, body) {
  const headers = { 'Accept': 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && me) headers['X-CSRF-Token'] = me.csrf;
  const r = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  let data = null;
  const text = await r.text();
  try { data = text ? JSON.parse(text) : null; } catch { data = { error: text }; }
  if (r.status === 401 && !url.startsWith('/console/login')) { showSignIn(); }
  return { ok: r.ok, status: r.status, data };
}

// ---- sign-in
function showSignIn() {
  me = null;
  if (events) { events.close(); events = null; }
  $('#top').hidden = true; $('#page').replaceChildren(); $('#signin').hidden = false;
}
async function start() {
  $('#signin').addEventListener('submit', async ev => {
    ev.preventDefault();
    const f = ev.target;
    const r = await api('POST', '/console/login', { username: f.username.value, password: f.password.value });
    if (!r.ok) { $('#signin-error').textContent = r.data?.error || 'sign-in failed'; return; }
    f.password.value = ''; $('#signin-error').textContent = '';
    signedIn(r.data);
  });
  $('#signout').addEventListener('click', async () => { await api('POST', '/console/logout'); showSignIn(); });
  window.addEventListener('hashchange', route);
  const r = await api('GET', '/console/me');
  if (r.ok) signedIn(r.data); else showSignIn();
}
function signedIn(user) {
  me = user;
  $('#signin').hidden = true; $('#top').hidden = false;
  $('#who').textContent = me.username + ' (' + me.role + ')';
  document.body.dataset.role = me.role;
  connect();
  route();
}
const canAct = () => me && me.role !== 'viewer';
const isAdmin = () => me && me.role === 'admin';

// ---- live updates: server-sent events; the board loads after the stream is open so no change falls between
function connect() {
  if (events) events.close();
  events = new EventSource('/console/events');
  events.addEventListener('open', () => loadBoard());
  events.addEventListener('alarm', ev => {
    const a = JSON.parse(ev.data);
    board.alarms.set(a.id, a);
    onAlarmChanged(a);
  });
}
let onAlarmChanged = () => {};
async function loadBoard() {
  const r = await api('GET', '/console/alarms');
  if (!r.ok) return;
  board.users = r.data.users || {};
  board.alarms = new Map(r.data.alarms.map(a => [a.id, a]));
  onAlarmChanged(null);
}

// ---- pages
const PAGES = { board: boardPage, alarm: alarmPage, oncall: onCallPage, users: usersPage, rosters: rostersPage,
  heartbeats: heartbeatsPage, maintenance: maintenancePage, stats: statsPage, audit: auditPage, phones: phonesPage };
const NAV = [['board', 'Alarms'], ['oncall', 'On call'], ['users', 'Users'], ['rosters', 'Policies'],
  ['heartbeats', 'Heartbeats'], ['maintenance', 'Maintenance'], ['stats', 'Statistics'], ['audit', 'Audit'], ['phones', 'Phones']];
function route() {
  if (!me) return;
  const [name, arg] = (location.hash.replace(/^#\/?/, '') || 'board').split('/');
  const page = PAGES[name] ? name : 'board';
  $('#nav').replaceChildren(...NAV.map(([k, label]) => h('a', { href: '#/' + k, class: k === page ? 'on' : '' }, label)));
  onAlarmChanged = () => {};
  const root = $('#page');
  root.replaceChildren();
  PAGES[page](root, arg ? decodeURIComponent(arg) : undefined);
}
function note(root, text) { root.append(h('p', { class: 'card muted' }, text)); }

// ---- alarm board
function displayState(a) { return a.suppressed && a.state === 'active' ? 'suppressed' : a.state; }
function boardPage(root) {
  const f = board.filter;
  const list = h('ul', { class: 'alarms', id: 'alarms' });
  const sel = (name, opts) => h('select', { name, onchange: e => { f[name] = e.target.value; render(); } },
    opts.map(([v, l]) => h('option', { value: v, selected: f[name] === v }, l)));
  root.append(h('div', { class: 'filters' },
    h('label', {}, 'State', sel('state', [['open', 'Active + acknowledged'], ['active', 'Active'], ['acknowledged', 'Acknowledged'],
      ['cleared', 'Cleared'], ['suppressed', 'Suppressed'], ['', 'All']])),
    h('label', {}, 'Priority', sel('priority', [['', 'Any'], ...['Critical', 'High', 'Medium', 'Low', 'Diagnostic'].map(p => [p, p])])),
    h('label', {}, 'Source', h('input', { name: 'source', value: f.source, placeholder: 'site1/…', oninput: e => { f.source = e.target.value; render(); } }))),
  list);
  function render() {
    const shown = [...board.alarms.values()].sort((a, b) => b.id - a.id).filter(a => {
      const s = displayState(a);
      if (f.state === 'open' ? !(s === 'active' || s === 'acknowledged') : f.state && s !== f.state) return false;
      if (f.priority && a.priority !== f.priority) return false;
      return !f.source || a.source.toLowerCase().includes(f.source.toLowerCase());
    });
    list.replaceChildren(...shown.map(alarmCard));
    if (!shown.length) list.append(h('li', { class: 'muted' }, 'No alarms here.'));
  }
  onAlarmChanged = render;
  render();
}
function alarmCard(a) {
  const s = displayState(a);
  const ack = a.ack ? 'acknowledged by ' + (board.users[a.ack.userId] || 'user ' + a.ack.userId) + ' (' + a.ack.channel + ') ' + fmt(a.ack.at) : '';
  return h('li', { class: 'alarm ' + s, 'data-id': a.id },
    h('div', { class: 'row' }, h('a', { class: 'name', href: '#/alarm/' + a.id }, a.name),
      h('span', { class: 'tag ' + a.priority }, a.priority), h('span', { class: 'tag ' + s, 'data-state': s }, s)),
    h('div', { class: 'muted' }, a.source + ' · ' + fmt(a.receivedAt)),
    a.message ? h('div', {}, a.message) : null,
    ack ? h('div', { class: 'muted ack' }, ack) : null,
    actions(a));
}
function actions(a) {
  if (!canAct()) return null;
  const out = h('div', { class: 'row' });
  const act = (label, action, cls) => h('button', { type: 'button', class: cls || '', 'data-action': action, onclick: async e => {
    e.target.disabled = true;
    const r = await api('POST', '/console/alarms/' + a.id + '/' + action);
    if (r.ok && r.data.alarm) { board.alarms.set(a.id, r.data.alarm); onAlarmChanged(r.data.alarm); }
    else { e.target.disabled = false; alert(r.data?.error || 'failed'); }
  } }, label);
  if (a.state === 'active') out.append(act('Acknowledge', 'ack'), act('Escalate', 'escalate', 'secondary'));
  if (a.state !== 'cleared') out.append(act('Clear', 'clear', 'danger'));
  return out.children.length ? out : null;
}

// ---- one alarm and its timeline
async function alarmPage(root, id) {
  async function load() {
    const r = await api('GET', '/console/alarms/' + encodeURIComponent(id));
    if (!r.ok) { root.replaceChildren(); note(root, r.data?.error || 'not found'); return; }
    const { alarm: a, events: evs, users } = r.data;
    board.users = Object.assign(board.users, users);
    const who = u => u == null ? '' : users[u] || 'user ' + u;
    const items = [{ at: a.receivedAt, text: 'Raised (' + a.priority + ') from ' + (a.input || '?') + ': ' + (a.message || a.name) }];
    for (const n of a.notifications || []) items.push({ at: n.at, text: (n.channel === 'sms' ? 'SMS' : 'Call') + ' to ' + who(n.userId) + ' — Twilio status ' + n.status + (n.twilioSid ? ' (' + n.twilioSid + ')' : '') + (n.bundleId ? ' · bundle ' + n.bundleId : '') });
    for (const e of evs) if (!e.kind.startsWith('notification-sent')) items.push({ at: e.at, text: e.kind + (e.outcome ? ': ' + e.outcome : '') + (e.userId ? ' · ' + who(e.userId) : '') + (e.channel ? ' · ' + e.channel : '') + (e.detail ? ' · ' + e.detail : '') });
    if (a.ack) items.push({ at: a.ack.at, text: 'Acknowledged by ' + who(a.ack.userId) + ' (' + a.ack.channel + ')' });
    if (a.clearedAt) items.push({ at: a.clearedAt, text: 'Cleared' });
    items.sort((x, y) => new Date(x.at) - new Date(y.at));
    root.replaceChildren(h('div', { class: 'alarms' }, alarmCard(a)),
      h('div', { class: 'card' }, h('h2', {}, 'Timeline'),
        h('ol', { class: 'timeline', id: 'timeline' }, items.map(i => h('li', {}, h('div', { class: 'muted' }, fmt(i.at)), i.text)))));
  }
  onAlarmChanged = a => { if (!a || String(a.id) === String(id)) load(); };
  await load();
}

// ---- forms with the API's validation message next to the field
function field(name, label, opts = {}) {
  const input = opts.options
    ? h('select', { name }, opts.options.map(o => h('option', { value: o }, o)))
    : opts.multiline ? h('textarea', { name, rows: 3, placeholder: opts.placeholder || '' })
      : h('input', { name, type: opts.type || 'text', placeholder: opts.placeholder || '' });
  return h('label', { 'data-field': name }, label, input, h('span', { class: 'error', 'data-error-for': name }));
}
function showError(form, data) {
  form.querySelectorAll('[data-error-for]').forEach(e => { e.textContent = ''; });
  const top = form.querySelector('.form-error');
  top.textContent = '';
  if (!data) return;
  const slot = data.field && form.querySelector('[data-error-for="' + CSS.escape(data.field) + '"]');
  (slot || top).textContent = data.error || 'failed';
}
const list = v => String(v || '').split(',').map(s => s.trim()).filter(Boolean);
const json = v => { try { return v ? JSON.parse(v) : undefined; } catch { return v; } };

// A list + create/edit/delete page over one API collection.
async function crud(root, o) {
  const r = await api('GET', o.url);
  if (r.status === 404) { note(root, o.title + ': not available on this server yet.'); return; }
  const items = r.ok ? r.data : [];
  const extra = o.extra ? await o.extra() : null;
  let editing = null;
  const form = h('form', { class: 'card form', novalidate: true }, o.fields.map(f => field(...f)),
    h('div', {}, h('button', { type: 'submit' }, 'Save'), ' ', h('button', { type: 'reset', class: 'secondary' }, 'New')),
    h('p', { class: 'error form-error' }));
  form.addEventListener('reset', () => { editing = null; showError(form, null); });
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = o.toBody(Object.fromEntries(new FormData(form)));
    const res = editing == null ? await api('POST', o.url, body) : await api('PUT', o.url + '/' + encodeURIComponent(editing), body);
    if (!res.ok) { showError(form, res.data); return; }
    if (o.after) { const e2 = await o.after(res.data, Object.fromEntries(new FormData(form))); if (e2) { showError(form, e2); return; } }
    route();
  });
  const cols = o.columns;
  const table = h('table', {}, h('thead', {}, h('tr', {}, cols.map(c => h('th', {}, c[1])), isAdmin() ? h('th', {}) : null)),
    h('tbody', {}, items.map(it => h('tr', {}, cols.map(c => h('td', {}, c[2] ? c[2](it, extra) : it[c[0]] ?? '')),
      isAdmin() ? h('td', {}, o.editable === false ? null : h('button', { type: 'button', class: 'secondary', onclick: () => {
        editing = it[o.key];
        const vals = o.fromItem ? o.fromItem(it, extra) : it;
        for (const el of form.elements) if (el.name) el.value = vals[el.name] ?? '';
        form.scrollIntoView();
      } }, 'Edit'), ' ', h('button', { type: 'button', class: 'danger', onclick: async () => {
        if (!confirm('Delete ' + it[o.key] + '?')) return;
        const d = await api('DELETE', o.url + '/' + encodeURIComponent(it[o.key]));
        if (!d.ok) alert(d.data?.error || 'failed'); else route();
      } }, 'Delete')) : null))));
  root.append(h('h1', {}, o.title), h('div', { class: 'card scroll' }, table));
  if (isAdmin()) root.append(h('h2', {}, 'Add or edit'), form);
}
function usersPage(root) {
  crud(root, {
    title: 'Users', url: '/console/api/users', key: 'id',
    extra: async () => { const a = await api('GET', '/console/accounts'); return Object.fromEntries((a.data || []).map(x => [x.id, x])); },
    columns: [['id', '#'], ['username', 'User'], ['sms', 'SMS'], ['phone', 'Phone'], ['language', 'Language'],
      ['role', 'Role', (u, acc) => acc[u.id]?.role || ''], ['rules', 'Contact rules', u => (u.rules || []).map(r => r.channel + ' after ' + r.after).join(', ')]],
    fields: [['username', 'Username'], ['sms', 'SMS number', { placeholder: '+14155550100' }], ['phone', 'Voice number'],
      ['pin', 'PIN', { type: 'password' }], ['language', 'Language', { placeholder: 'en-US' }], ['timeZone', 'Time zone', { placeholder: 'Europe/Amsterdam' }],
      ['rules', 'Contact rules (JSON)', { multiline: true, placeholder: '[{"channel":"sms","after":"PT0S"}]' }],
      ['role', 'Role', { options: ['responder', 'viewer', 'admin'] }], ['password', 'Console password', { type: 'password' }]],
    fromItem: (u, acc) => ({ ...u, pin: '', password: '', rules: u.rules ? JSON.stringify(u.rules) : '', role: acc[u.id]?.role || 'responder' }),
    toBody: v => {
      const b = { username: v.username, sms: v.sms || null, phone: v.phone || null, pin: v.pin || null, language: v.language || null };
      if (v.timeZone) b.timeZone = v.timeZone;
      if (v.rules) b.rules = json(v.rules);
      return b;
    },
    after: async (u, v) => {
      const r = await api('PUT', '/console/accounts/' + u.id, { role: v.role, password: v.password || null });
      return r.ok ? null : r.data;
    },
  });
}
function rostersPage(root) {
  crud(root, {
    title: 'Rosters and escalation policies', url: '/console/api/rosters', key: 'name',
    columns: [['name', 'Name'], ['members', 'Members', r => (r.members || []).join(', ')], ['channels', 'Channels', r => (r.channels || []).join(', ')],
      ['steps', 'Steps', r => r.steps ? JSON.stringify(r.steps) : '']],
    fields: [['name', 'Name'], ['members', 'Members (user ids, in order)', { placeholder: '1, 2, 3' }], ['channels', 'Channels', { placeholder: 'sms, voice' }],
      ['rounds', 'Rounds (policy)'], ['steps', 'Steps (JSON, policy)', { multiline: true, placeholder: '[{"targets":[{"schedule":"day-shift"}],"delay":"PT5M"}]' }]],
    fromItem: r => ({ ...r, members: (r.members || []).join(', '), channels: (r.channels || []).join(', '), steps: r.steps ? JSON.stringify(r.steps) : '' }),
    toBody: v => {
      const b = { name: v.name, channels: list(v.channels) };
      if (v.steps) { b.steps = json(v.steps); } else { b.members = list(v.members).map(Number); }
      if (v.rounds) b.rounds = Number(v.rounds);
      return b;
    },
  });
}
function heartbeatsPage(root) {
  crud(root, {
    title: 'Heartbeats', url: '/console/api/heartbeats', key: 'id', editable: false,
    columns: [['name', 'Name'], ['interval', 'Interval'], ['roster', 'Roster'], ['priority', 'Priority'], ['state', 'State'], ['lastBeat', 'Last beat', b => fmt(b.lastBeat)]],
    fields: [['name', 'Name'], ['interval', 'Interval', { placeholder: 'PT5M' }], ['roster', 'Roster'],
      ['priority', 'Priority', { options: ['Critical', 'High', 'Medium', 'Low', 'Diagnostic'] }]],
    toBody: v => ({ name: v.name, interval: v.interval, roster: v.roster || null, priority: v.priority }),
  });
}
function maintenancePage(root) {
  crud(root, {
    title: 'Maintenance windows', url: '/console/api/maintenance', key: 'id', editable: false,
    columns: [['sources', 'Sources'], ['start', 'Start', m => fmt(m.start)], ['end', 'End', m => fmt(m.end)], ['reason', 'Reason']],
    fields: [['sources', 'Sources (glob)', { placeholder: 'site1/**' }], ['start', 'Start', { type: 'datetime-local' }],
      ['end', 'End', { type: 'datetime-local' }], ['reason', 'Reason']],
    toBody: v => ({ sources: v.sources, start: v.start ? new Date(v.start).toISOString() : null, end: v.end ? new Date(v.end).toISOString() : null, reason: v.reason }),
  });
}

// ---- on call: now, the next two weeks' shifts, an override in two clicks (Override, then Replace)
async function onCallPage(root) {
  const r = await api('GET', '/console/api/schedules');
  root.append(h('h1', {}, 'On call'));
  if (!r.ok) { note(root, r.status === 404 ? 'Schedules are not available on this server yet.' : r.data?.error); return; }
  const users = (await api('GET', '/console/api/users')).data || [];
  const name = id => users.find(u => u.id === id)?.username || 'user ' + id;
  for (const s of r.data) {
    const now = await api('GET', '/console/api/schedules/' + s.id + '/oncall');
    const from = new Date(); const to = new Date(from.getTime() + 14 * 864e5);
    const shifts = await api('GET', '/console/api/schedules/' + s.id + '/shifts?from=' + encodeURIComponent(from.toISOString()) + '&to=' + encodeURIComponent(to.toISOString()));
    const card = h('div', { class: 'card', 'data-schedule': s.id }, h('h2', {}, s.name),
      h('p', { class: 'oncall-now' }, 'On call now: ' + ((now.data?.users || []).map(u => u.username).join(', ') || 'nobody') + (now.data?.until ? ' until ' + fmt(now.data.until) : '')));
    const ul = h('ul', { class: 'timeline shifts' });
    for (const sh of shifts.data || []) {
      const li = h('li', { 'data-user': sh.userId }, h('div', { class: 'muted' }, fmt(sh.start) + ' – ' + fmt(sh.end)), name(sh.userId), ' ');
      if (canAct()) li.append(h('button', { type: 'button', class: 'secondary', 'data-action': 'override', onclick: e => {
        const sel = h('select', { name: 'to' }, users.map(u => h('option', { value: u.id, selected: u.id === me.userId }, u.username)));
        e.target.replaceWith(sel, ' ', h('button', { type: 'button', 'data-action': 'replace', onclick: async () => {
          const o = await api('POST', '/console/api/schedules/' + s.id + '/overrides',
            // a shift that never ends (one person on call) is overridden for the two weeks shown
            { start: sh.start, end: sh.end || to.toISOString(), replace: { from: sh.userId, to: Number(sel.value) } });
          if (!o.ok) alert(o.data?.error || 'failed'); else route();
        } }, 'Replace'));
      } }, 'Override'));
      ul.append(li);
    }
    card.append(h('h3', {}, 'Next two weeks'), ul);
    root.append(card);
  }
}

// ---- statistics: the TwilioUser table and charts (Chart.js from its webjar, loaded on this page only)
function loadChartJs() {
  return window.Chart ? Promise.resolve() : new Promise((ok, fail) => {
    document.head.append(h('script', { src: '/console/static/chart.umd.js', onload: ok, onerror: fail }));
  });
}
async function statsPage(root) {
  root.append(h('h1', {}, 'Statistics'));
  const r = await api('GET', '/console/api/stats/users');
  const cols = ['userId', 'username', 'phoneNumber', 'messagesSent', 'messagesReceived', 'callsSent', 'callsReceived', 'callMinutesSent', 'callMinutesReceived'];
  root.append(h('div', { class: 'card scroll' }, h('table', { id: 'stats' }, h('thead', {}, h('tr', {}, cols.map(c => h('th', {}, c)))),
    h('tbody', {}, (r.data || []).map(u => h('tr', {}, cols.map(c => h('td', {}, u[c] ?? ''))))))));
  const c1 = h('canvas', {}); const c2 = h('canvas', {});
  root.append(h('div', { class: 'grid' }, h('div', { class: 'card' }, h('h2', {}, 'Notifications per hour'), h('div', { class: 'chart' }, c1)),
    h('div', { class: 'card' }, h('h2', {}, 'Time to acknowledge (minutes)'), h('div', { class: 'chart' }, c2))));
  await loadChartJs();
  const hours = new Map(); const acks = [];
  for (const a of board.alarms.values()) {
    for (const n of a.notifications || []) { const k = new Date(n.at); k.setMinutes(0, 0, 0); const key = k.toISOString(); hours.set(key, (hours.get(key) || 0) + 1); }
    if (a.ack) acks.push({ x: a.receivedAt, y: (new Date(a.ack.at) - new Date(a.receivedAt)) / 60000 });
  }
  const keys = [...hours.keys()].sort();
  new window.Chart(c1, { type: 'bar', data: { labels: keys.map(k => new Date(k).toLocaleString()), datasets: [{ label: 'notifications', data: keys.map(k => hours.get(k)) }] }, options: { maintainAspectRatio: false, animation: false } });
  acks.sort((x, y) => new Date(x.x) - new Date(y.x));
  new window.Chart(c2, { type: 'line', data: { labels: acks.map(p => new Date(p.x).toLocaleString()), datasets: [{ label: 'minutes to ack', data: acks.map(p => p.y.toFixed(2)) }] }, options: { maintainAspectRatio: false, animation: false } });
}

// ---- audit with filters
async function auditPage(root) {
  const form = h('form', { class: 'filters' }, field('since', 'Since', { type: 'datetime-local' }), field('alarmId', 'Alarm #'),
    field('kind', 'Kind starts with', { placeholder: 'notification, console-, pin-' }), h('button', { type: 'submit' }, 'Filter'));
  const body = h('tbody');
  root.append(h('h1', {}, 'Audit'), form, h('div', { class: 'card scroll' }, h('table', {}, h('thead', {}, h('tr', {}, ['At', 'Kind', 'Alarm', 'User', 'Channel', 'Outcome', 'Detail'].map(c => h('th', {}, c)))), body)));
  async function load() {
    const v = Object.fromEntries(new FormData(form));
    const q = new URLSearchParams();
    if (v.since) q.set('since', new Date(v.since).toISOString());
    if (v.alarmId) q.set('alarmId', v.alarmId);
    if (v.kind) q.set('kind', v.kind);
    const r = await api('GET', '/console/audit?' + q);
    if (!r.ok) { body.replaceChildren(h('tr', {}, h('td', { colspan: 7, class: 'error' }, r.data?.error))); return; }
    body.replaceChildren(...r.data.slice().reverse().map(e => h('tr', {}, h('td', {}, fmt(e.at)), h('td', {}, e.kind),
      h('td', {}, e.alarmId ? h('a', { href: '#/alarm/' + e.alarmId }, '#' + e.alarmId) : ''), h('td', {}, e.userId ? board.users[e.userId] || e.userId : ''),
      h('td', {}, e.channel || ''), h('td', {}, e.outcome || ''), h('td', {}, e.detail || ''))));
  }
  form.addEventListener('submit', ev => { ev.preventDefault(); load(); });
  load();
}

// ---- sandbox phones: every roster number's texts and calls, reply by SMS, how it answers
async function phonesPage(root) {
  root.append(h('h1', {}, 'Phones (sandbox)'));
  const grid = h('div', { class: 'grid', id: 'phones' });
  root.append(grid);
  const replies = new Map();
  async function load() {
    const users = (await api('GET', '/console/api/users')).data || [];
    const numbers = new Map();
    for (const u of users) for (const n of [u.sms, u.phone]) if (n) numbers.set(n, [...(numbers.get(n) || []), u.username].filter((x, i, a) => a.indexOf(x) === i));
    const cards = [];
    for (const [num, who] of numbers) {
      const r = await api('GET', '/console/sandbox/phones/' + encodeURIComponent(num));
      if (!r.ok) { root.replaceChildren(); note(root, 'The Phones page works in sandbox mode only (no Twilio account configured).'); return; }
      cards.push(phoneCard(num, who, r.data, replies.get(num) || []));
    }
    grid.replaceChildren(...cards);
    if (!cards.length) grid.append(h('p', { class: 'muted' }, 'No users with phone numbers yet.'));
  }
  function phoneCard(num, who, p, mine) {
    const settings = h('form', { class: 'row' },
      field('answer', 'Answers', { options: ['answer', 'busy', 'no-answer', 'fail'] }), field('digits', 'Keys', { placeholder: '1234#' }),
      field('sms', 'SMS', { options: ['delivered', 'undelivered', 'failed'] }), h('button', { type: 'submit', class: 'secondary' }, 'Set'));
    settings.addEventListener('submit', async ev => {
      ev.preventDefault();
      const v = Object.fromEntries(new FormData(settings));
      await api('PUT', '/console/sandbox/phones/' + encodeURIComponent(num), { answer: v.answer, digits: v.digits || null, sms: v.sms });
    });
    const reply = h('form', { class: 'reply' }, h('input', { name: 'body', placeholder: 'Reply, e.g. the code and your PIN', 'aria-label': 'reply' }),
      h('button', { type: 'submit' }, 'Send SMS'));
    reply.addEventListener('submit', async ev => {
      ev.preventDefault();
      const text = reply.body.value;
      const r = await api('POST', '/console/sandbox/phones/' + encodeURIComponent(num) + '/sms', { body: text });
      const list = replies.get(num) || [];
      list.push({ out: text, back: r.data ? (typeof r.data === 'string' ? r.data : r.data.reply || r.data.body || JSON.stringify(r.data)) : '' });
      replies.set(num, list);
      load();
    });
    return h('div', { class: 'card phone', 'data-number': num }, h('h2', {}, num), h('div', { class: 'muted' }, who.join(', ')),
      h('h3', {}, 'Texts'), (p.messages || []).map(m => h('div', { class: 'bubble sms' }, m.body, h('div', { class: 'muted' }, m.status))),
      mine.map(m => [h('div', { class: 'bubble out' }, m.out), m.back ? h('div', { class: 'bubble' }, m.back) : null]),
      canAct() ? reply : null,
      h('h3', {}, 'Calls'), (p.calls || []).map(c => h('div', { class: 'bubble call' }, (c.transcript || []).join('\n'),
        h('div', { class: 'muted' }, c.status + (c.duration ? ' · ' + c.duration + ' s' : '') + (c.digits ? ' · keyed ' + c.digits : '')))),
      canAct() ? settings : null);
  }
  onAlarmChanged = () => load();
  load();
}

start();
