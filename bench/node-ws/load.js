// Echo and broadcast load from an independent client (Node `ws`, not Hibiki's own `hibiki bench`),
// for any server that speaks the native protocol's echo and broadcast (Hibiki, bench/node-ws/server.js).
//
//   node load.js URL echo      -c 200  -r 5000 -d 10 [--warmup 30] [--server-pid PID] [--label NAME]
//   node load.js URL broadcast -c 2000 -r 50   -d 10 [--warmup 10] [--server-pid PID] [--label NAME]
//
// echo: the clients send `echo` frames, -r per second in all, round robin, each with an id; the
//   answer (`re`) gives the latency. broadcast: the first client sends -r `broadcast` frames per
//   second; every client (the sender too) counts them, and the latency is from the send time the
//   frame carries in `data` (one process, one clock).
// A warm-up pass of the same load runs first and is not counted. The server's CPU time (utime +
// stime from /proc/PID/stat) is read around the counted pass and the 2 s after it that let the last
// frames arrive; CPU per delivery = that time / deliveries (echo answers, or broadcast frames
// received). Frames of other types (count, presence, tick) are ignored, but the server's CPU for
// them is in the figure, as a user's server spends it. The last line is the result as JSON.
'use strict';
const WebSocket = require('ws');
const { cpuSeconds } = require('./proc');

function parse(argv) {
  const o = { url: null, scenario: null, c: 200, r: 1000, d: 10, warmup: 5, pid: null, label: 'server' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '-c') o.c = Number(v());
    else if (a === '-r') o.r = Number(v());
    else if (a === '-d') o.d = Number(v());
    else if (a === '--warmup') o.warmup = Number(v());
    else if (a === '--server-pid') o.pid = v();
    else if (a === '--label') o.label = v();
    else if (!a.startsWith('-') && !o.url) o.url = a;
    else if (!a.startsWith('-') && !o.scenario) o.scenario = a;
    else throw new Error('unknown option ' + a);
  }
  if (!o.url || !['echo', 'broadcast'].includes(o.scenario)) throw new Error('usage: load.js URL echo|broadcast [options]');
  return o;
}

const o = parse(process.argv.slice(2));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

const sockets = [];
let received = 0;
let latencies = [];
const pending = new Map(); // echo id -> send time

function onFrame(data) {
  const f = JSON.parse(data);
  if (o.scenario === 'echo' && f.type === 'echo' && f.re !== undefined) {
    const t0 = pending.get(f.re);
    if (t0 !== undefined) {
      pending.delete(f.re);
      received++;
      latencies.push(now() - t0);
    }
  } else if (o.scenario === 'broadcast' && f.type === 'broadcast' && f.data && typeof f.data.t === 'number') {
    received++;
    latencies.push(now() - f.data.t);
  }
}

// Every client connected and welcomed, or after 60 s with however many were.
function connectAll() {
  return new Promise((resolve) => {
    let welcomed = 0;
    let failed = 0;
    const done = () => resolve({ welcomed, failed });
    setTimeout(done, 60000);
    for (let i = 0; i < o.c; i++) {
      const ws = new WebSocket(o.url + (o.url.includes('?') ? '&' : '?') + 'name=load' + i, { perMessageDeflate: false });
      ws.once('message', () => {
        if (++welcomed + failed === o.c) done();
        ws.on('message', onFrame);
      });
      ws.on('error', () => { if (welcomed + ++failed === o.c) done(); });
      sockets.push(ws);
    }
  });
}

// Sends at o.r per second for `length` ms (a timer every few ms sends what is due).
function paced(length, send) {
  const start = now();
  let sent = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const elapsed = Math.min(now() - start, length);
      const due = Math.floor((elapsed * o.r) / 1000);
      while (sent < due) send(sent++);
      if (now() - start >= length) { clearInterval(timer); resolve(sent); }
    }, o.scenario === 'echo' ? 2 : 5);
  });
}

let nextId = 0;
async function pass(seconds) {
  received = 0;
  latencies = [];
  pending.clear();
  const cpu0 = cpuSeconds(o.pid);
  const sent = await paced(seconds * 1000, (i) => {
    if (o.scenario === 'echo') {
      const id = nextId++;
      pending.set(id, now());
      sockets[i % sockets.length].send(JSON.stringify({ type: 'echo', text: 'e' + id, id }));
    } else {
      sockets[0].send(JSON.stringify({ type: 'broadcast', text: 'b' + i, data: { i, t: now() } }));
    }
  });
  await sleep(2000);
  const serverCpuMs = o.pid ? (cpuSeconds(o.pid) - cpu0) * 1000 : null;
  latencies.sort((a, b) => a - b);
  const pct = (p) => (latencies.length ? +latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(3) : null);
  const expected = o.scenario === 'echo' ? sent : sent * sockets.length;
  return {
    seconds, sent, expected, received, lost: expected - received, p50ms: pct(50), p99ms: pct(99),
    serverCpuMs, cpuUsPerDelivery: serverCpuMs !== null && received ? +((serverCpuMs * 1000) / received).toFixed(2) : null,
  };
}

(async () => {
  const connect = await connectAll();
  const result = { label: o.label, scenario: o.scenario, clients: o.c, rate: o.r, ...connect };
  if (o.warmup > 0) result.warmup = await pass(o.warmup);
  result.measured = await pass(o.d);
  const m = result.measured;
  console.log(`# ${o.label} ${o.scenario}: ${connect.welcomed}/${o.c} welcomed; ${m.received} of ${m.expected} delivered`
    + ` (lost ${m.lost}); p50 ${m.p50ms} ms, p99 ${m.p99ms} ms; server CPU ${m.serverCpuMs} ms = ${m.cpuUsPerDelivery} µs per`
    + ` ${o.scenario === 'echo' ? 'echo' : 'delivery'} (counted ${o.d} s after a ${o.warmup} s warm-up)`);
  console.log(JSON.stringify(result));
  sockets.forEach((s) => s.terminate());
  process.exit(0);
})();
