// One WebSocket to /ws that comes back by itself: when the socket closes for any reason other
// than the user pressing Disconnect, it reconnects after an exponential backoff with jitter, so a
// restarted server is not hit by every page at the same instant.

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 15000;
// A connection that stayed up this long counts as healthy: the next failure starts backoff over.
const STABLE_AFTER_MS = 3000;
// A socket stuck in CONNECTING (half-open network) is abandoned after this long.
const CONNECT_TIMEOUT_MS = 10000;
// 1008 policy violation: the server refused us (e.g. a bad name); 4001: our access token
// expired. Retrying with the same name or token cannot help.
const NO_RETRY_CODES = new Set([1008, 4001]);

/** Delay before reconnect attempt n (1-based): half the exponential step plus a random half. */
export function backoffDelay(attempt, random = Math.random) {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return step / 2 + random() * (step / 2);
}

export class Connection extends EventTarget {
  constructor(path = '/ws') {
    super();
    this.path = path;
    this.ws = null;
    this.state = 'disconnected';
    this.wanted = false;
    this.name = '';
    this.token = '';
    this.attempt = 0;
    this.retryAt = 0;
    this.retryTimer = null;
    this.openedAt = 0;
    this.nextId = 1;
    window.addEventListener('online', () => { if (this.state === 'reconnecting') this.retryNow(); });
  }

  /**
   * Connects as {@code name}; {@code token} is an access token for servers that require one. A
   * connection that is open or being opened under another name or token is replaced.
   */
  connect(name, token = '') {
    if (this.wanted && this.ws && name === this.name && token === this.token) return;
    if (this.ws) {
      const old = this.ws;
      this.ws = null; // its close is ours, not a reason to reconnect
      old.close(1000, 'reconnecting');
      this.dispatchEvent(new CustomEvent('closed', { detail: { code: 1000, reason: 'reconnecting' } }));
    }
    this.name = name;
    this.token = token;
    this.wanted = true;
    this.attempt = 0;
    this.open();
  }

  /** The user's own disconnect: no reconnect afterwards. */
  disconnect() {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    if (this.ws) this.ws.close(1000, 'bye');
    this.setState('disconnected');
  }

  /** Sends one frame with a fresh id; returns the id, or null when not connected. */
  send(type, fields = {}) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return null;
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ type, id, ...fields }));
    return id;
  }

  isOpen() { return this.state === 'connected'; }

  retryNow() {
    clearTimeout(this.retryTimer);
    this.open();
  }

  url() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = this.name ? '?name=' + encodeURIComponent(this.name) : '';
    return `${scheme}//${location.host}${this.path}${query}`;
  }

  open() {
    clearTimeout(this.retryTimer);
    this.setState('connecting');
    let ws;
    try {
      // Browsers cannot set headers on a WebSocket: the token travels as an offered subprotocol
      // next to hibiki.v1, which is the one the server selects (docs/SECURITY.md).
      ws = this.token ? new WebSocket(this.url(), ['hibiki.v1', 'access_token.' + this.token]) : new WebSocket(this.url());
    } catch (e) {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    const timeout = setTimeout(() => { if (ws.readyState === WebSocket.CONNECTING) ws.close(); }, CONNECT_TIMEOUT_MS);
    ws.onopen = () => {
      clearTimeout(timeout);
      this.openedAt = performance.now();
      this.setState('connected');
    };
    ws.onmessage = (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        frame = { type: '(unparsable)', raw: String(event.data) };
      }
      if (frame && typeof frame === 'object') this.dispatchEvent(new CustomEvent('frame', { detail: frame }));
    };
    ws.onclose = (event) => {
      clearTimeout(timeout);
      if (this.ws !== ws) return; // an older socket we already replaced
      this.ws = null;
      this.dispatchEvent(new CustomEvent('closed', { detail: { code: event.code, reason: event.reason } }));
      if (!this.wanted || NO_RETRY_CODES.has(event.code)) {
        this.wanted = false;
        this.setState('disconnected');
        return;
      }
      if (this.openedAt && performance.now() - this.openedAt >= STABLE_AFTER_MS) this.attempt = 0;
      this.openedAt = 0;
      this.scheduleRetry();
    };
  }

  scheduleRetry() {
    this.attempt++;
    const delay = backoffDelay(this.attempt);
    this.retryAt = performance.now() + delay;
    this.setState('reconnecting');
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  setState(state) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }
}
