// Load generator: official socket.io-client 4 on WebSocket against Hibiki or Node's socket.io.
// Usage: node gen.js <url> <idle|broadcast|echo> <clients> <rate per s> <seconds>
//   idle:      connect the clients, hold them for <seconds>, print connected count
//   broadcast: one sender emits send_message <rate>/s; every client counts receive_message
//   echo:      clients emit echo with an ack, <rate>/s in all; prints ack latency percentiles
// Prints one JSON line.
const { io } = require("socket.io-client");
const [url, scenario, clients, rate, seconds] = process.argv.slice(2);
const n = Number(clients), perSecond = Number(rate), duration = Number(seconds) * 1000;
const sockets = [];
let connected = 0, received = 0;
const latencies = [];

let failed = 0;

// Resolves once every client connected, or after 60 s with however many did (a server that
// drops connects must not hang the run: the result then shows connected < clients).
function connectAll() {
  return new Promise((resolve) => {
    setTimeout(resolve, 60000);
    for (let i = 0; i < n; i++) {
      const s = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, timeout: 30000 });
      s.on("connect", () => { if (++connected === n) resolve(); });
      s.on("connect_error", () => failed++);
      s.on("receive_message", () => received++);
      sockets.push(s);
    }
  });
}

function every(ms, fn) {
  const start = Date.now();
  let sent = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.floor(((Date.now() - start) * perSecond) / 1000);
      while (sent < due) fn(sent++);
      if (Date.now() - start >= duration) { clearInterval(timer); resolve(sent); }
    }, ms);
  });
}

(async () => {
  await connectAll();
  let sent = 0;
  if (scenario === "idle") {
    await new Promise((r) => setTimeout(r, duration));
  } else if (scenario === "broadcast") {
    sent = await every(5, (i) => sockets[0].emit("send_message", { i, t: Date.now() }));
    await new Promise((r) => setTimeout(r, 2000)); // let the last deliveries arrive
  } else if (scenario === "echo") {
    sent = await every(2, (i) => {
      const t0 = process.hrtime.bigint();
      sockets[i % n].emit("echo", { text: "e" + i }, () => latencies.push(Number(process.hrtime.bigint() - t0) / 1e6));
    });
    await new Promise((r) => setTimeout(r, 2000));
  }
  latencies.sort((a, b) => a - b);
  const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : null);
  console.log(JSON.stringify({ scenario, clients: n, connected, failed, sent, received, expected: scenario === "broadcast" ? sent * n : undefined,
    acks: latencies.length, p50ms: pct(50), p99ms: pct(99) }));
  sockets.forEach((s) => s.close());
  process.exit(0);
})();
