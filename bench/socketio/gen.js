// Load generator: official socket.io-client 4 on WebSocket against Hibiki or Node's socket.io.
// Usage: node gen.js <url> <idle|broadcast|echo> <clients> <rate per s> <seconds> [warm-up seconds] [server pid]
//   idle:      connect the clients, hold them for <seconds>; the server's RSS per connection
//   broadcast: one sender emits send_message <rate>/s; every client counts receive_message
//   echo:      clients emit echo with an ack, <rate>/s in all; ack latency percentiles
// A warm-up pass of the same load runs first (default 5 s; 0 skips it) and is not counted: it lets
// the JIT compile the path, so the counted pass measures a warm server. For echo the warm-up pass is
// reported too, as `cold` (a fresh server's first seconds), beside the counted `warm` pass.
// With the server's pid (same host), its RSS and CPU time are read from /proc around each pass.
// Prints one JSON line.
const fs = require("fs");
const { io } = require("socket.io-client");
const [url, scenario, clients, rate, seconds, warmup = "5", pid] = process.argv.slice(2);
const n = Number(clients), perSecond = Number(rate), duration = Number(seconds) * 1000;
const warmupMs = Number(warmup) * 1000;
const sockets = [];
let connected = 0, failed = 0, received = 0;
let latencies = [];

const tck = Number(require("child_process").execSync("getconf CLK_TCK")); // unit of utime/stime in /proc/<pid>/stat
const cpuMs = () => {
  if (!pid) return null;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / tck; // utime + stime
};
const rssKB = () => (pid ? Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))[1]) : null);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

function every(ms, length, fn) {
  const start = Date.now();
  let sent = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const due = Math.floor(((Math.min(Date.now(), start + length) - start) * perSecond) / 1000);
      while (sent < due) fn(sent++);
      if (Date.now() - start >= length) { clearInterval(timer); resolve(sent); }
    }, ms);
  });
}

// One pass of the scenario's load for `length` ms, then 2 s for the last deliveries and acks.
async function pass(length) {
  received = 0;
  latencies = [];
  const cpu0 = cpuMs();
  let sent = 0;
  if (scenario === "broadcast") {
    sent = await every(5, length, (i) => sockets[0].emit("send_message", { i, t: Date.now() }));
  } else if (scenario === "echo") {
    sent = await every(2, length, (i) => {
      const t0 = process.hrtime.bigint();
      sockets[i % n].emit("echo", { text: "e" + i }, () => latencies.push(Number(process.hrtime.bigint() - t0) / 1e6));
    });
  }
  await sleep(2000);
  const serverCpuMs = pid ? cpuMs() - cpu0 : null;
  latencies.sort((a, b) => a - b);
  const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : null);
  const deliveries = scenario === "echo" ? latencies.length : received;
  return {
    seconds: length / 1000, sent, received: scenario === "broadcast" ? received : undefined,
    expected: scenario === "broadcast" ? sent * n : undefined,
    acks: scenario === "echo" ? latencies.length : undefined, p50ms: pct(50), p99ms: pct(99), serverCpuMs,
    cpuUsPerDelivery: serverCpuMs !== null && deliveries ? +((serverCpuMs * 1000) / deliveries).toFixed(3) : null,
  };
}

(async () => {
  const rss0 = rssKB();
  await connectAll();
  const result = { scenario, clients: n, connected, failed };
  if (scenario === "idle") {
    await sleep(duration);
    const rss1 = rssKB();
    result.rssDeltaKB = pid ? rss1 - rss0 : null;
    result.kbPerConnection = pid && connected ? +((rss1 - rss0) / connected).toFixed(2) : null;
  } else {
    if (warmupMs > 0) {
      const first = await pass(warmupMs);
      if (scenario === "echo") result.cold = first; // a fresh server's first seconds
      result.warmupSeconds = warmupMs / 1000;
    }
    if (scenario === "echo") {
      result[warmupMs > 0 ? "warm" : "cold"] = await pass(duration);
    } else {
      Object.assign(result, await pass(duration));
    }
  }
  console.log(JSON.stringify(result));
  sockets.forEach((s) => s.close());
  process.exit(0);
})();
