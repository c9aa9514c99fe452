// The rooms this connection is in, with member counts kept live from the server's frames.
// `wanted` remembers what the user joined so the page can join again after a reconnect
// (the server forgets a connection's rooms when it closes), and `lastSeq` the last message seen
// in each, so the rejoin can ask for what was missed (`join {room, since}`).

export class Rooms {
  constructor() {
    this.members = new Map(); // room -> member count
    this.wanted = new Set();
    this.lastSeq = new Map(); // room -> seq of the last message received
  }

  /** Applies one frame; returns true when the list changed. */
  apply(frame) {
    switch (frame.type) {
      case 'joined':
        this.members.set(frame.room, frame.members);
        this.wanted.add(frame.room);
        return true;
      case 'left':
      case 'room_closed':
        this.members.delete(frame.room);
        this.wanted.delete(frame.room);
        this.lastSeq.delete(frame.room);
        return true;
      case 'message':
        if (typeof frame.seq === 'number' && frame.seq > (this.lastSeq.get(frame.room) ?? 0)) {
          this.lastSeq.set(frame.room, frame.seq);
        }
        return false;
      case 'room_presence':
      case 'room_presence_batch':
        if (!this.members.has(frame.room)) return false;
        this.members.set(frame.room, frame.members);
        return true;
      case 'rooms':
        if (!Array.isArray(frame.rooms)) return false;
        this.members.clear();
        for (const r of frame.rooms) this.members.set(r.room, r.members);
        return true;
      default:
        return false;
    }
  }

  /** The connection closed: the server dropped our memberships, the wish to be in them stays. */
  clear() {
    this.members.clear();
  }

  /** The join frames that put this connection back where the user was. */
  rejoinFrames() {
    return [...this.wanted].map((room) => {
      const since = this.lastSeq.get(room);
      return since === undefined ? { room } : { room, since };
    });
  }

  list() {
    return [...this.members.entries()]
      .map(([room, members]) => ({ room, members }))
      .sort((a, b) => a.room.localeCompare(b.room));
  }
}
