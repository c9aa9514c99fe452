// The admin page: polls GET /api/status and GET /api/rooms once a second. The server reports
// cumulative message counters; rates are the difference between two polls over the time between them.

import { t, translate, toggleLanguage, onLanguageChange, time } from './i18n.js';

const POLL_MS = 1000;
const HISTORY_MINUTES = 5;
const HISTORY = (HISTORY_MINUTES * 60 * 1000) / POLL_MS;

const $ = (id) => document.getElementById(id);
const history = []; // {at, connections, inRate, outRate}
let previous = null; // {at, in, out}
let lastOk = 0;

async function getJson(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

/** Messages per second between two polls; null until there are two, or after a server restart. */
function rate(prevCount, count, seconds) {
  if (typeof prevCount !== 'number' || typeof count !== 'number' || count < prevCount || seconds <= 0) return null;
  return (count - prevCount) / seconds;
}

async function poll() {
  try {
    const [status, rooms] = await Promise.all([getJson('/api/status'), getJson('/api/rooms')]);
    const at = performance.now();
    let inRate = null;
    let outRate = null;
    if (previous) {
      const seconds = (at - previous.at) / 1000;
      inRate = rate(previous.in, status.messagesIn, seconds);
      outRate = rate(previous.out, status.messagesOut, seconds);
    }
    previous = { at, in: status.messagesIn, out: status.messagesOut };
    history.push({ at, connections: status.connections ?? 0, inRate: inRate ?? 0, outRate: outRate ?? 0 });
    while (history.length > HISTORY) history.shift();
    lastOk = Date.now();
    renderStatus(status, inRate, outRate);
    renderRooms(rooms);
    setLive(true);
  } catch (e) {
    setLive(false);
  }
  drawChart();
}

function setLive(live) {
  $('poll-state').dataset.state = live ? 'live' : 'stale';
  $('poll-state-text').textContent = t(live ? 'admin.live' : 'admin.stale');
  $('updated').textContent = lastOk ? t('admin.updated', { time: time(lastOk) }) : '';
}

const fmtRate = (r) => (r === null ? '–' : r < 10 ? r.toFixed(1) : Math.round(r).toLocaleString());

function renderStatus(s, inRate, outRate) {
  $('fig-connections').textContent = fmt(s.connections);
  $('fig-rooms').textContent = fmt(typeof s.rooms === 'number' ? s.rooms : Array.isArray(s.rooms) ? s.rooms.length : s.rooms);
  $('fig-in').textContent = fmtRate(inRate);
  $('fig-out').textContent = fmtRate(outRate);
  $('fig-uptime').textContent = uptime(s.uptime);
  $('fig-node').textContent = s.node ?? '–';
  $('fig-version').textContent = s.version ? `v${s.version}` : '';
  $('totals').textContent = t('admin.totals', { in: fmt(s.messagesIn), out: fmt(s.messagesOut) });
}

function fmt(v) {
  return typeof v === 'number' ? v.toLocaleString() : v == null ? '–' : String(v);
}

/** Uptime may come as seconds, milliseconds-free ISO-8601 duration ("PT1H2M3S") or text. */
function uptime(v) {
  let seconds = null;
  if (typeof v === 'number') seconds = v;
  else if (typeof v === 'string') {
    const m = /^P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(v);
    if (m) seconds = (+m[1] || 0) * 86400 + (+m[2] || 0) * 3600 + (+m[3] || 0) * 60 + (+m[4] || 0);
    else return v;
  }
  if (seconds === null) return '–';
  seconds = Math.floor(seconds);
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n) => String(n).padStart(2, '0');
  return (d ? `${d}d ` : '') + `${pad(h)}:${pad(m)}:${pad(s)}`;
}

function renderRooms(body) {
  const list = Array.isArray(body) ? body : Array.isArray(body?.rooms) ? body.rooms : [];
  const rows = list
    .map((r) => ({ room: String(r.room ?? r.name ?? ''), members: Array.isArray(r.members) ? r.members.length : r.members }))
    .sort((a, b) => (b.members ?? 0) - (a.members ?? 0) || a.room.localeCompare(b.room));
  $('room-rows').replaceChildren(...rows.map(({ room, members }) => {
    const tr = document.createElement('tr');
    const name = document.createElement('td');
    name.textContent = room;
    const count = document.createElement('td');
    count.className = 'num';
    count.textContent = fmt(members);
    tr.append(name, count);
    return tr;
  }));
  $('rooms-empty').hidden = rows.length > 0;
}

// ---- chart ---------------------------------------------------------------------------------

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** A rounded-up axis maximum (1, 2, 5 × 10^n) so grid labels are readable. */
function niceMax(v) {
  if (v <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function drawChart() {
  const canvas = $('chart');
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (!w || !h) return;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext('2d');
  ctx.scale(dpr, dpr);
  ctx.clearRect(0, 0, w, h);

  const pad = { l: 40, r: 40, t: 10, b: 22 };
  const pw = w - pad.l - pad.r;
  const ph = h - pad.t - pad.b;
  const maxConn = niceMax(Math.max(1, ...history.map((p) => p.connections)));
  const maxRate = niceMax(Math.max(1, ...history.map((p) => Math.max(p.inRate, p.outRate))));

  ctx.font = `11px ${cssVar('--font') || 'sans-serif'}`;
  ctx.fillStyle = cssVar('--muted');
  ctx.strokeStyle = cssVar('--line');
  ctx.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const y = pad.t + ph - (ph * i) / 4;
    ctx.beginPath();
    ctx.moveTo(pad.l, Math.round(y) + 0.5);
    ctx.lineTo(pad.l + pw, Math.round(y) + 0.5);
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.fillText(formatAxis((maxConn * i) / 4), pad.l - 6, y + 4);
    ctx.textAlign = 'left';
    ctx.fillText(formatAxis((maxRate * i) / 4), pad.l + pw + 6, y + 4);
  }
  ctx.textAlign = 'center';
  for (let m = 0; m <= HISTORY_MINUTES; m++) {
    const x = pad.l + pw - (pw * m) / HISTORY_MINUTES;
    ctx.fillText(m === 0 ? 'now' : `-${m}m`, x, h - 6);
  }

  const x = (i) => pad.l + pw - (pw * (history.length - 1 - i)) / (HISTORY - 1);
  line(ctx, history.map((p, i) => [x(i), pad.t + ph - (ph * p.connections) / maxConn]), cssVar('--ok'));
  line(ctx, history.map((p, i) => [x(i), pad.t + ph - (ph * p.inRate) / maxRate]), cssVar('--accent'));
  line(ctx, history.map((p, i) => [x(i), pad.t + ph - (ph * p.outRate) / maxRate]), cssVar('--warn'));
}

function formatAxis(v) {
  return v >= 1000 ? `${(v / 1000).toFixed(v >= 10000 ? 0 : 1)}k` : Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function line(ctx, points, color) {
  if (points.length < 2) return;
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  points.forEach(([px, py], i) => (i ? ctx.lineTo(px, py) : ctx.moveTo(px, py)));
  ctx.stroke();
}

function renderLabels() {
  translate();
  $('chart-title').textContent = t('admin.chart', { m: HISTORY_MINUTES });
  document.title = t('admin.title');
  setLive($('poll-state').dataset.state === 'live');
}

$('lang-toggle').addEventListener('click', () => toggleLanguage());
onLanguageChange(renderLabels);
window.addEventListener('resize', drawChart);
renderLabels();

// For tests and the curious.
window.hibikiAdmin = { history };

// Polls one after another (never overlapping, even when the server is slow).
async function loop() {
  const started = performance.now();
  await poll();
  setTimeout(loop, Math.max(0, POLL_MS - (performance.now() - started)));
}
loop();
