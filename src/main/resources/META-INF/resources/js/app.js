// Wires the main page: one Connection, and views that react to its frames.

import { t, translate, toggleLanguage, onLanguageChange } from './i18n.js';
import { Connection } from './connection.js';
import { SharedText, MAIN_DOC } from './shared-text.js';
import { LatencyMeter } from './latency.js';
import { Rooms } from './rooms.js';
import { Log } from './log.js';
import { toast } from './toast.js';
import * as notifications from './notifications.js';

const PING_EVERY_MS = 2000;
const NAME_KEY = 'hibiki.name';
const NAME_MAX = 32;

const $ = (id) => document.getElementById(id);

const conn = new Connection('/ws');
const latency = new LatencyMeter();
const rooms = new Rooms();
const log = new Log($('log'), $('log-empty'), $('log-frequent'));
const params = new URLSearchParams(location.search);
const text = new SharedText($('shared-text'), conn, params.get('doc') || MAIN_DOC);
const me = { id: null, name: null };
let pingTimer = null;

// ---- connection ----------------------------------------------------------------------------

/**
 * Same rule as the server (Names.java): 1-32 code points, no control, formatting, unassigned,
 * private-use or line/paragraph separator characters. The server refuses a bad name at the
 * upgrade, which a browser only reports as a failed connection, so the page checks first.
 */
function validName(name) {
  return name === '' || ([...name].length <= NAME_MAX && !/[\p{Cc}\p{Cf}\p{Cs}\p{Cn}\p{Co}\p{Zl}\p{Zp}]/u.test(name));
}

$('name').value = storage(() => localStorage.getItem(NAME_KEY)) || '';
$('doc-name').value = text.doc;
// A token may come in the address's fragment (#token=...), which browsers never send to a server,
// so it stays out of access logs. It is kept for this tab only.
const TOKEN_KEY = 'hibiki.token';
const fragmentToken = new URLSearchParams(location.hash.slice(1)).get('token');
if (fragmentToken) {
  storage(() => sessionStorage.setItem(TOKEN_KEY, fragmentToken));
  history.replaceState(null, '', location.pathname + location.search);
}
$('token').value = storage(() => sessionStorage.getItem(TOKEN_KEY)) || '';

// Connect (or, while connected, reconnect under a changed name or token); the same name and
// token again leave an open connection alone.
$('connect-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = $('name').value.trim();
  if (!validName(name)) {
    $('name').setCustomValidity(t('conn.badName'));
    $('name').reportValidity();
    return;
  }
  storage(() => localStorage.setItem(NAME_KEY, name));
  const token = $('token').value.trim();
  storage(() => (token ? sessionStorage.setItem(TOKEN_KEY, token) : sessionStorage.removeItem(TOKEN_KEY)));
  conn.connect(name, token);
});
$('name').addEventListener('input', () => { $('name').setCustomValidity(''); renderState(); });
$('token').addEventListener('input', () => renderState());
$('disconnect').addEventListener('click', () => conn.disconnect());
$('server-close').addEventListener('click', () => conn.send('disconnect'));

conn.addEventListener('state', () => renderState());
conn.addEventListener('closed', (e) => {
  if (e.detail.code === 4001) toast(t('conn.tokenExpired'), t('conn.tokenExpired.body'), 'error');
  clearInterval(pingTimer);
  rooms.clear();
  renderRooms();
  text.onDisconnected();
});
conn.addEventListener('frame', (e) => onFrame(e.detail));

function onFrame(f) {
  let note = '';
  switch (f.type) {
    case 'welcome':
      me.id = f.id;
      me.name = f.name;
      $('my-id').textContent = `${f.name} · ${f.id}`;
      $('my-node').textContent = f.node ?? '–';
      $('my-version').textContent = f.version ?? '–';
      setCount(f.connections);
      startPinging();
      text.onConnected();
      // Back into my rooms after a reconnect, asking for the messages missed meanwhile.
      for (const frame of rooms.rejoinFrames()) conn.send('join', frame);
      break;
    case 'count':
      setCount(f.connections);
      break;
    case 'pong':
      if (latency.pong(f.t) !== null) renderLatency();
      break;
    case 'tick':
      renderTick(f);
      break;
    case 'notification':
      note = notifications.show(f) === 'system' ? t('log.system') : t('log.toast');
      break;
    case 'error':
      toast(`${t('error.prefix')}: ${f.code}`, String(f.message ?? ''), 'error');
      break;
    default:
      if (rooms.apply(f)) renderRooms();
  }
  text.handle(f);
  log.add(f, note);
}

function startPinging() {
  clearInterval(pingTimer);
  const ping = () => conn.send('ping', { t: performance.now() });
  ping();
  pingTimer = setInterval(ping, PING_EVERY_MS);
}

function setCount(n) {
  if (typeof n === 'number') $('user-count').textContent = String(n);
}

// ---- forms ---------------------------------------------------------------------------------

function onSubmit(id, fn) {
  $(id).addEventListener('submit', (e) => {
    e.preventDefault();
    fn(e.target);
  });
}

onSubmit('echo-form', () => {
  conn.send('echo', { text: $('echo-text').value });
  $('echo-text').value = '';
});

onSubmit('broadcast-form', () => {
  const frame = { text: $('broadcast-text').value };
  if ($('broadcast-not-me').checked) frame.self = false;
  conn.send('broadcast', frame);
  $('broadcast-text').value = '';
});

onSubmit('join-form', () => {
  const room = $('room-name').value.trim();
  if (!room) return;
  conn.send('join', { room });
  $('room-name').value = '';
});

onSubmit('publish-form', () => {
  const room = $('publish-room').value;
  if (!room) return;
  conn.send('publish', { room, text: $('publish-text').value });
  $('publish-text').value = '';
});

onSubmit('notify-form', async () => {
  // The click is a user gesture: the one polite moment to ask for permission.
  if (notifications.permission() === 'default') await notifications.requestPermission();
  renderPermission();
  const frame = { title: $('notify-title-field').value };
  const body = $('notify-body').value;
  if (body) frame.body = body;
  conn.send('notify', frame);
  $('notify-title-field').value = '';
  $('notify-body').value = '';
});

$('notify-enable').addEventListener('click', async () => {
  await notifications.requestPermission();
  renderPermission();
});

// Document names follow the server's pattern (docs/TEXT.md); anything else is refused there.
$('doc-name').addEventListener('change', () => {
  const field = $('doc-name');
  field.value = field.value.trim() || MAIN_DOC;
  if (!field.checkValidity()) {
    field.reportValidity();
    return;
  }
  text.open(field.value);
});

$('log-clear').addEventListener('click', () => log.clear());
$('lang-toggle').addEventListener('click', () => toggleLanguage());

text.addEventListener('change', () => renderText());
text.addEventListener('resync', () => toast(t('text.resync'), '', 'info'));

// ---- rendering -----------------------------------------------------------------------------

function renderState() {
  const state = conn.state;
  const pill = $('conn-state');
  pill.dataset.state = state;
  const label = state === 'reconnecting'
    ? t('state.reconnecting', {
      s: Math.max(0, (conn.retryAt - performance.now()) / 1000).toFixed(1),
      n: conn.attempt,
    })
    : t('state.' + state);
  $('conn-state-text').textContent = label;
  const connected = state === 'connected';
  const idle = state === 'disconnected';
  for (const el of document.querySelectorAll('.needs-connection')) el.disabled = !connected;
  // While connected, Connect shows up once the name or token is edited: it reconnects under them.
  const edited = $('name').value.trim() !== conn.name || $('token').value.trim() !== conn.token;
  $('connect').hidden = !idle && !edited;
  $('disconnect').hidden = idle;
  if (!connected) {
    $('user-count').textContent = '–';
    clearInterval(pingTimer);
  }
  renderText();
}

function renderLatency() {
  const avg = latency.average();
  $('latency').textContent = avg === null ? '–' : `${avg.toFixed(1)} ms`;
  $('latency').dataset.samples = String(latency.count());
}

function renderTick(f) {
  const el = $('tick');
  el.textContent = `#${f.count}`;
  el.title = String(f.ts ?? '');
  el.classList.remove('pulse');
  void el.offsetWidth; // restart the animation
  el.classList.add('pulse');
}

function renderRooms() {
  const list = $('room-list');
  const items = rooms.list();
  list.replaceChildren(...items.map(({ room, members }) => {
    const li = document.createElement('li');
    li.dataset.room = room;
    const nameEl = document.createElement('span');
    nameEl.className = 'room-name';
    nameEl.textContent = room;
    const count = document.createElement('span');
    count.className = 'badge members';
    count.dataset.members = String(members);
    count.textContent = t('rooms.members', { n: members });
    const leave = document.createElement('button');
    leave.type = 'button';
    leave.className = 'ghost small leave';
    leave.textContent = t('rooms.leave');
    leave.addEventListener('click', () => {
      rooms.wanted.delete(room);
      conn.send('leave', { room });
    });
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'ghost small danger close';
    close.textContent = t('rooms.close');
    close.title = t('rooms.close.title');
    close.addEventListener('click', () => conn.send('close_room', { room }));
    li.append(nameEl, count, leave, close);
    return li;
  }));
  $('rooms-empty').hidden = items.length > 0;
  $('publish-form').hidden = items.length === 0;
  const select = $('publish-room');
  const chosen = select.value;
  select.replaceChildren(...items.map(({ room }) => {
    const opt = document.createElement('option');
    opt.value = room;
    opt.textContent = room;
    return opt;
  }));
  if (items.some((r) => r.room === chosen)) select.value = chosen;
}

function renderText() {
  const status = text.status();
  const badge = $('text-status');
  badge.dataset.status = status;
  badge.textContent = t('text.' + status);
  $('text-rev').textContent = text.ready ? t('text.rev', { rev: text.rev }) : '';
}

function renderPermission() {
  const perm = notifications.permission();
  $('notify-permission').textContent = t('notify.perm.' + perm);
  $('notify-permission').dataset.permission = perm;
  $('notify-enable').hidden = perm !== 'default';
}

function renderAll() {
  translate();
  renderState();
  renderLatency();
  renderRooms();
  renderText();
  renderPermission();
}

function storage(fn) {
  try { return fn(); } catch { return null; }
}

// The reconnect countdown in the status pill.
setInterval(() => { if (conn.state === 'reconnecting') renderState(); }, 250);

onLanguageChange(renderAll);
renderAll();

// For tests and the curious: the live objects, read-only by convention.
window.hibiki = { conn, text, rooms, latency, me };

// Connected from the start, so the shared text and the forms work at once (?connect=0 opens the
// page disconnected). The name field stays usable: Connect with a new name reconnects under it.
if (params.get('connect') !== '0') {
  const stored = $('name').value.trim();
  conn.connect(validName(stored) ? stored : '', $('token').value.trim());
}
