// The log of every frame received, newest first. Everything from the server is put in the page
// with textContent, never innerHTML, so a message cannot inject markup or script.

import { time } from './i18n.js';

const MAX_ENTRIES = 400;
// Frames that arrive many times a minute; kept but hidden unless the user asks for them
// (latency and the last tick are in the top bar anyway, and others' edits show in the text).
const FREQUENT = new Set(['pong', 'tick', 'text_ack', 'text_op']);

const name = (who) => (who && typeof who === 'object' ? String(who.name ?? who.id ?? '?') : '?');
// A batch of joins and leaves: "+ alice, bob · − carol · +3 more".
const names = (f) => [
  Array.isArray(f.joined) && f.joined.length ? `+ ${f.joined.map(name).join(', ')}` : '',
  Array.isArray(f.left) && f.left.length ? `− ${f.left.map(name).join(', ')}` : '',
  f.omitted ? `+${f.omitted} more` : '',
].filter(Boolean).join(' · ');
const payload = (f) => (f.text != null ? String(f.text) : f.data !== undefined ? JSON.stringify(f.data) : '');

/** One line of human-readable summary per frame type; the raw JSON is shown under it. */
export function summary(f) {
  switch (f.type) {
    case 'welcome': return `${f.name} · ${f.id} · ${f.connections}`;
    case 'count': return String(f.connections);
    case 'presence': return `${name(f.who)} ${f.event}`;
    case 'presence_batch': return names(f);
    case 'echo': return `${f.text} (#${f.count})`;
    case 'broadcast': return `${name(f.from)}: ${payload(f)}`;
    case 'joined': return `${f.room} (${f.members})${f.recovered === true ? ' · recovered' : f.recovered === false ? ' · missed messages' : ''}`;
    case 'left': return String(f.room);
    case 'room_presence': return `${f.room}: ${name(f.who)} ${f.event} (${f.members})`;
    case 'room_presence_batch': return `${f.room}: ${names(f)} (${f.members})`;
    case 'message': return `[${f.room} #${f.seq}] ${name(f.from)}: ${payload(f)}`;
    case 'room_closed': return String(f.room);
    case 'rooms': return Array.isArray(f.rooms) ? f.rooms.map((r) => `${r.room} (${r.members})`).join(', ') : '';
    case 'pong': return typeof f.t === 'number' ? `${(performance.now() - f.t).toFixed(1)} ms` : '';
    case 'status': return `${f.connections} · ${f.rooms} · ${f.node ?? ''}`;
    case 'notification': return [f.title, f.body].filter(Boolean).join(' — ');
    case 'tick': return `#${f.count}`;
    // Cluster mode: this node lost some of another node's hub-wide frames; they will not come.
    case 'missed': return `${f.frames} ${f.scope === 'hub' ? 'hub-wide frames' : 'frames'} lost between nodes`;
    case 'text': return `${f.doc} · rev ${f.rev} · ${String(f.text ?? '').length}`;
    case 'text_op': return `${f.doc} · rev ${f.rev} · ${name(f.from)}`;
    case 'text_ack': return `${f.doc} · rev ${f.rev}`;
    case 'error': return `${f.code}: ${f.message}`;
    default: return '';
  }
}

export class Log {
  constructor(list, emptyNote, frequentToggle) {
    this.list = list;
    this.emptyNote = emptyNote;
    frequentToggle.addEventListener('change', () => {
      list.classList.toggle('show-frequent', frequentToggle.checked);
    });
  }

  /** Adds a frame; `note` is extra local information (e.g. how a notification was shown). */
  add(frame, note = '') {
    const li = document.createElement('li');
    const type = String(frame.type ?? '?');
    li.className = 'entry';
    li.dataset.type = type;
    if (FREQUENT.has(type)) li.classList.add('frequent');
    if (type === 'error') li.classList.add('is-error');

    const head = document.createElement('div');
    head.className = 'entry-head';
    const when = document.createElement('time');
    when.textContent = time(Date.now());
    const badge = document.createElement('span');
    badge.className = 'type';
    badge.textContent = type;
    const text = document.createElement('span');
    text.className = 'summary';
    text.textContent = summary(frame) + (note ? ` (${note})` : '');
    head.append(when, badge, text);

    const raw = document.createElement('code');
    raw.className = 'raw';
    raw.textContent = JSON.stringify(frame);
    li.append(head, raw);
    li.addEventListener('click', () => li.classList.toggle('open'));

    this.list.prepend(li);
    while (this.list.childElementCount > MAX_ENTRIES) this.list.lastElementChild.remove();
    this.emptyNote.hidden = true;
  }

  clear() {
    this.list.replaceChildren();
    this.emptyNote.hidden = false;
  }

  /** A local, human message in the log (errors of our own, resyncs). */
  note(text) {
    this.add({ type: 'local', text }, '');
    this.list.firstElementChild.querySelector('.summary').textContent = text;
  }
}
