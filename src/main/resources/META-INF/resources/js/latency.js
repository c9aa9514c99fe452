// Round-trip latency from ping/pong: the page sends `ping {t}` with t = performance.now() and the
// server echoes t unchanged, so the difference needs no clock agreement with the server.

export const SAMPLES = 30;

export class LatencyMeter {
  constructor(size = SAMPLES) {
    this.size = size;
    this.samples = [];
  }

  /** Records the round trip of a pong whose ping carried `t`; ignores pongs we did not time. */
  pong(t, now = performance.now()) {
    if (typeof t !== 'number' || !Number.isFinite(t) || t > now) return null;
    const rtt = now - t;
    this.samples.push(rtt);
    if (this.samples.length > this.size) this.samples.shift();
    return rtt;
  }

  average() {
    if (!this.samples.length) return null;
    return this.samples.reduce((a, b) => a + b, 0) / this.samples.length;
  }

  count() { return this.samples.length; }
}
