// Text operations for the shared editor, in the wire format of issue 3 / docs/TEXT.md:
// an op is an array walking the whole document, where a positive integer retains that many
// UTF-16 code units, a string inserts it and a negative integer deletes that many units.
// JavaScript strings index UTF-16 units too, so lengths line up with the server's Java strings.

const isRetain = (c) => typeof c === 'number' && c > 0;
const isDelete = (c) => typeof c === 'number' && c < 0;
const isInsert = (c) => typeof c === 'string';

/** Appends components while keeping the op normalised (the same normal form as the server). */
class Builder {
  constructor() { this.ops = []; }

  retain(n) {
    if (n <= 0) return this;
    const last = this.ops.length - 1;
    if (isRetain(this.ops[last])) this.ops[last] += n; else this.ops.push(n);
    return this;
  }

  insert(s) {
    if (!s) return this;
    const last = this.ops.length - 1;
    if (isInsert(this.ops[last])) {
      this.ops[last] += s;
    } else if (isDelete(this.ops[last])) {
      // Insert-before-delete is the normal form.
      if (isInsert(this.ops[last - 1])) this.ops[last - 1] += s; else this.ops.splice(last, 0, s);
    } else {
      this.ops.push(s);
    }
    return this;
  }

  delete(n) {
    if (n <= 0) return this;
    const last = this.ops.length - 1;
    if (isDelete(this.ops[last])) this.ops[last] -= n; else this.ops.push(-n);
    return this;
  }

  build() { return this.ops; }
}

/** Length of the document an op applies to. */
export function baseLength(op) {
  let n = 0;
  for (const c of op) if (typeof c === 'number') n += Math.abs(c);
  return n;
}

/** Length of the document after the op. */
export function targetLength(op) {
  let n = 0;
  for (const c of op) n += isRetain(c) ? c : isInsert(c) ? c.length : 0;
  return n;
}

export function isNoop(op) {
  return op.every(isRetain);
}

/** Checks that a value from the wire is an op; returns it normalised. */
export function normalise(raw) {
  if (!Array.isArray(raw)) throw new Error('op is not an array');
  const b = new Builder();
  for (const c of raw) {
    if (isInsert(c)) b.insert(c);
    else if (Number.isInteger(c) && c > 0) b.retain(c);
    else if (Number.isInteger(c) && c < 0) b.delete(-c);
    else throw new Error('bad op component ' + JSON.stringify(c));
  }
  return b.build();
}

export function apply(text, op) {
  if (baseLength(op) !== text.length) {
    throw new Error(`op expects ${baseLength(op)} units, text has ${text.length}`);
  }
  const parts = [];
  let pos = 0;
  for (const c of op) {
    if (isRetain(c)) { parts.push(text.slice(pos, pos + c)); pos += c; }
    else if (isInsert(c)) parts.push(c);
    else pos -= c;
  }
  return parts.join('');
}

/** Walks an op, letting callers consume a component in parts. */
class Cursor {
  constructor(op) { this.op = op; this.i = 0; this.off = 0; }
  more() { return this.i < this.op.length; }
  cur() { return this.op[this.i]; }
  atInsert() { return this.more() && isInsert(this.cur()); }
  atDelete() { return this.more() && isDelete(this.cur()); }
  remaining() {
    if (!this.more()) throw new Error('ops do not cover the same document');
    const c = this.cur();
    return (isInsert(c) ? c.length : Math.abs(c)) - this.off;
  }
  skip(n) {
    if (n === this.remaining()) { this.i++; this.off = 0; } else this.off += n;
  }
  take(n) {
    const s = this.cur().slice(this.off, this.off + n);
    this.skip(n);
    return s;
  }
}

/**
 * Transforms two concurrent ops on the same document: returns [a', b'] with
 * apply(apply(s, a), b') === apply(apply(s, b), a'). On a tie (both insert at one spot) a's text
 * comes first. The client calls transform(pending, incoming) and the server
 * transform(incoming, applied): in both, `a` is the op that reached the server later, so every
 * replica breaks ties the same way.
 */
export function transform(a, b) {
  if (baseLength(a) !== baseLength(b)) {
    throw new Error(`cannot transform ops for ${baseLength(a)} and ${baseLength(b)} units`);
  }
  const a2 = new Builder();
  const b2 = new Builder();
  const ca = new Cursor(a);
  const cb = new Cursor(b);
  while (ca.more() || cb.more()) {
    if (ca.atInsert()) {
      const s = ca.take(ca.remaining());
      a2.insert(s); b2.retain(s.length);
    } else if (cb.atInsert()) {
      const s = cb.take(cb.remaining());
      a2.retain(s.length); b2.insert(s);
    } else {
      const m = Math.min(ca.remaining(), cb.remaining());
      const aDel = ca.atDelete();
      const bDel = cb.atDelete();
      ca.skip(m); cb.skip(m);
      if (!aDel && !bDel) { a2.retain(m); b2.retain(m); }
      else if (aDel && !bDel) a2.delete(m);
      else if (!aDel && bDel) b2.delete(m);
      // both deleted the same units: nothing left to do
    }
  }
  return [a2.build(), b2.build()];
}

/** One op with the effect of `a` then `b`. */
export function compose(a, b) {
  if (targetLength(a) !== baseLength(b)) {
    throw new Error(`cannot compose: ${targetLength(a)} then ${baseLength(b)} units`);
  }
  const out = new Builder();
  const c1 = new Cursor(a);
  const c2 = new Cursor(b);
  while (c1.more() || c2.more()) {
    if (c1.atDelete()) {
      out.delete(c1.remaining()); c1.skip(c1.remaining());
    } else if (c2.atInsert()) {
      out.insert(c2.take(c2.remaining()));
    } else {
      const m = Math.min(c1.remaining(), c2.remaining());
      if (c1.atInsert()) {
        const s = c1.take(m);
        if (!c2.atDelete()) out.insert(s);
      } else {
        c1.skip(m);
        if (c2.atDelete()) out.delete(m); else out.retain(m);
      }
      c2.skip(m);
    }
  }
  return out.build();
}

/**
 * Where a caret at `index` ends up after `op`. An insert exactly at the caret pushes it right,
 * unless `stayBeforeInserts` (used for the start of a selection, so the selection does not grow).
 */
export function transformIndex(index, op, stayBeforeInserts = false) {
  let pos = 0;
  let moved = index;
  for (const c of op) {
    if (pos > index) break;
    if (isRetain(c)) pos += c;
    else if (isInsert(c)) { if (pos < index || !stayBeforeInserts) moved += c.length; }
    else {
      moved -= Math.min(-c, index - pos);
      pos -= c;
    }
  }
  return moved;
}

const isHigh = (code) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The op turning `before` into `after`: one changed region between the common prefix and suffix,
 * which is exactly what a textarea edit (typing, paste, cut, IME commit) produces. Boundaries are
 * moved off the middle of surrogate pairs, which the server rejects (half an emoji).
 */
export function diff(before, after) {
  if (before === after) return new Builder().retain(before.length).build();
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start > 0 && isHigh(before.charCodeAt(start - 1))) start--;
  let end = 0;
  const maxEnd = max - start;
  while (end < maxEnd
      && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  if (end > 0 && isLow(before.charCodeAt(before.length - end))) end--;
  return new Builder()
    .retain(start)
    .insert(after.slice(start, after.length - end))
    .delete(before.length - start - end)
    .retain(end)
    .build();
}
