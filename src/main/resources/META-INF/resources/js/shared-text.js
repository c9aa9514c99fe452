// The shared text editor: a textarea kept in step with the server's document through ops.
//
// Protocol and algorithm: docs/TEXT.md. Client state machine (as in classic OT clients): at most one op is in flight ("outstanding");
// edits made meanwhile are composed into one "buffer" op, sent when the outstanding one is
// acknowledged. Incoming ops are transformed over both before they touch the textarea, and the
// caret and selection are moved through the same op so nobody's cursor jumps.
//
// IME: while a composition is in progress the textarea holds text the user has not committed.
// Nothing is sent and incoming frames for the document are held; at compositionend the committed
// text is diffed into one op and the held frames are replayed in order.

import * as ot from './ot.js';

export const MAIN_DOC = 'main';

export class SharedText extends EventTarget {
  constructor(textarea, connection, doc = MAIN_DOC) {
    super();
    this.ta = textarea;
    this.conn = connection;
    this.doc = doc;
    this.reset();
    this.composing = false;
    textarea.addEventListener('compositionstart', () => { this.composing = true; this.emit(); });
    textarea.addEventListener('compositionend', () => {
      this.composing = false;
      this.flushLocal();
      this.drainHeld();
      this.emit();
    });
    textarea.addEventListener('input', (e) => {
      if (this.composing || e.isComposing) return;
      this.flushLocal();
    });
  }

  reset() {
    this.ready = false;
    this.text = '';          // the document as this client knows it (its own pending ops included)
    this.rev = 0;            // the last server revision seen
    this.outstanding = null; // op sent, not yet acknowledged
    this.outstandingId = null;
    this.buffer = null;      // local edits made while an op is in flight
    this.held = [];          // frames that arrived during an IME composition
    this.ta.readOnly = true;
  }

  /** Switches to another document (fetches it when connected). */
  open(doc) {
    this.doc = doc;
    this.reset();
    this.ta.value = '';
    if (this.conn.isOpen()) this.conn.send('text_get', { doc });
    this.emit();
  }

  /** The socket is up: the server pushes the main document itself; other documents are fetched. */
  onConnected() {
    if (this.doc !== MAIN_DOC) this.conn.send('text_get', { doc: this.doc });
  }

  /** The socket is gone: unacknowledged edits cannot be trusted any more; the next snapshot wins. */
  onDisconnected() {
    const hadPending = this.outstanding !== null;
    this.reset(); // the textarea keeps what the user sees until the next snapshot replaces it
    this.pendingLost = hadPending;
    this.emit();
  }

  /** Routes a frame from the server; returns true when it was for this editor. */
  handle(frame) {
    const isText = frame.type === 'text' || frame.type === 'text_op' || frame.type === 'text_ack';
    if (!isText || frame.doc !== this.doc) {
      if (frame.type === 'error' && frame.re != null && frame.re === this.outstandingId) this.resync();
      return false;
    }
    if (this.composing) {
      this.held.push(frame);
    } else {
      this.process(frame);
    }
    return true;
  }

  process(frame) {
    try {
      if (frame.type === 'text') {
        this.onSnapshot(frame);
      } else if (!this.ready || frame.rev <= this.rev) {
        // From before the snapshot we hold (or are waiting for): already included in it.
      } else if (frame.rev > this.rev + 1) {
        this.resync(); // a gap: we missed a change
      } else if (frame.type === 'text_op') {
        this.onRemoteOp(frame);
      } else {
        this.onAck(frame);
      }
    } catch (e) {
      // An op that does not fit means we lost track; the server's copy is the truth.
      console.warn('shared text out of step, resynchronising', e);
      this.resync();
    }
    this.emit();
  }

  drainHeld() {
    const frames = this.held;
    this.held = [];
    for (const f of frames) this.process(f);
  }

  resync() {
    this.reset();
    this.dispatchEvent(new CustomEvent('resync'));
    if (this.conn.isOpen()) this.conn.send('text_get', { doc: this.doc });
    this.emit();
  }

  onSnapshot(frame) {
    const before = this.ta.value;
    const after = String(frame.text ?? '');
    this.reset();
    this.text = after;
    this.rev = frame.rev;
    this.ready = true;
    this.ta.readOnly = false;
    // Keep the caret near where it was by moving it through the difference.
    this.replaceValue(after, ot.diff(before, after));
    if (this.pendingLost && before !== after) this.dispatchEvent(new CustomEvent('resync'));
    this.pendingLost = false;
  }

  onRemoteOp(frame) {
    this.flushLocal(); // an edit not yet seen by an input event must be ordered before the remote op
    let op = ot.normalise(frame.op);
    if (this.outstanding) [this.outstanding, op] = ot.transform(this.outstanding, op);
    if (this.buffer) [this.buffer, op] = ot.transform(this.buffer, op);
    this.text = ot.apply(this.text, op);
    this.rev = frame.rev;
    this.replaceValue(this.text, op);
  }

  onAck(frame) {
    this.rev = frame.rev;
    this.outstanding = this.buffer;
    this.buffer = null;
    this.outstandingId = null;
    if (this.outstanding) this.sendOutstanding();
  }

  /** Turns whatever the user changed since the last look into an op. */
  flushLocal() {
    if (!this.ready || this.composing) return;
    const value = this.ta.value;
    if (value === this.text) return;
    const op = ot.diff(this.text, value);
    this.text = value;
    if (this.outstanding === null) {
      this.outstanding = op;
      this.sendOutstanding();
    } else {
      this.buffer = this.buffer ? ot.compose(this.buffer, op) : op;
    }
    this.emit();
  }

  sendOutstanding() {
    this.outstandingId = this.conn.send('text_op', { doc: this.doc, rev: this.rev, op: this.outstanding });
  }

  /** Sets the textarea's text, moving caret and selection through `op` and keeping the scroll. */
  replaceValue(value, op) {
    const ta = this.ta;
    if (ta.value === value) return;
    const { selectionStart, selectionEnd, selectionDirection, scrollTop } = ta;
    ta.value = value;
    try {
      // A remote insert at the edge of a selection lands outside it rather than growing it.
      const collapsed = selectionStart === selectionEnd;
      ta.setSelectionRange(ot.transformIndex(selectionStart, op, !collapsed), ot.transformIndex(selectionEnd, op),
        selectionDirection);
    } catch {
      ta.setSelectionRange(value.length, value.length); // op did not match the old value: end is safe
    }
    ta.scrollTop = scrollTop;
  }

  status() {
    if (!this.conn.isOpen()) return 'offline';
    if (!this.ready) return 'loading';
    if (this.composing) return 'composing';
    return this.outstanding ? 'sending' : 'synced';
  }

  emit() {
    this.dispatchEvent(new CustomEvent('change'));
  }
}
