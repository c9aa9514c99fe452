// Connection state recovery with the official client (socket.io-client 4.8): joins a room through
// Hibiki's vocabulary, gets a message, loses its connection, misses messages published over REST,
// reconnects and reports what it saw as one JSON line.
// Usage: node recovery.js <base-url> <scenario> <polling|websocket> [<reconnect-base-url>]
//   drop              the transport drops (engine.close()); messages m2, m3 are published meanwhile
//   drop-twice        a drop with nothing missed, then at once a drop as above
//   auto-drop         as drop, but the client reconnects by itself (reconnection on, 1 s delay)
//   node-stop         prints {"ready":true} and waits for the test to stop the node it is on (a
//                     graceful shutdown); REST goes to <reconnect-base-url> throughout
//   history-gone      the transport drops; more messages than the room keeps are published meanwhile
//   client-disconnect the client disconnects itself (socket.disconnect()), then connects again
// The reconnect goes to <reconnect-base-url> when given (another node of a cluster).
// With authentication on: HIBIKI_TOKEN is the socket's token, HIBIKI_ADMIN_TOKEN the one for REST,
// and HIBIKI_RECONNECT_TOKEN, when set, the token the client reconnects with.
// Run by dev.hibiki.socketio.SocketIoRecoveryTest and SocketIoRecoveryClusterIT.
const io = require("sio4");
const [base, scenario, transport, other] = process.argv.slice(2);
const seen = {};
const fail = (why) => { console.log(JSON.stringify({ error: why, seen })); process.exit(1); };
setTimeout(() => fail("timed out"), 25000);

const room = "recovery-" + Date.now() + "-" + Math.floor(Math.random() * 1e6);
const { HIBIKI_TOKEN: token, HIBIKI_ADMIN_TOKEN: admin, HIBIKI_RECONNECT_TOKEN: reconnectToken } = process.env;
const restBase = scenario === "node-stop" ? other : base;
const rest = (path, init) => fetch(restBase + "/api/rooms/" + encodeURIComponent(room) + path, init)
  .then((r) => r.json());
const publish = (text) => rest("/messages", {
  method: "POST",
  headers: Object.assign({ "content-type": "application/json" }, admin ? { authorization: "Bearer " + admin } : {}),
  body: JSON.stringify({ text }),
});
const until = (check, what) => new Promise((resolve, reject) => {
  const started = Date.now();
  const look = async () => {
    try {
      if (await check()) return resolve();
    } catch (e) { /* not yet */ }
    if (Date.now() - started > 10000) return reject(new Error("waited in vain for " + what));
    setTimeout(look, 20);
  };
  look();
});
const once = (event) => new Promise((resolve) => socket.once(event, (...args) => resolve(args)));
const ack = (event, payload) => new Promise((resolve) => socket.emit(event, payload, (...args) => resolve(args)));

// No automatic reconnection unless auto-drop: the test decides when the client comes back, after the misses.
const auto = scenario === "auto-drop";
const socket = io(base, Object.assign({ transports: [transport], forceNew: true, reconnection: auto, timeout: 5000,
  reconnectionDelay: 1000, reconnectionDelayMax: 1000, randomizationFactor: 0 }, token ? { auth: { token } } : {}));
const got = [];
socket.on("message", (m) => { if (m && m.room === room) got.push(m.text); });
const welcomes = [];
const names = [];
socket.on("welcome", (w) => { welcomes.push(w.node); names.push(w.name); }); // who answered, and as whom
socket.on("connect_error", (e) => fail("connect_error " + (e && e.message)));

(async () => {
  await once("connect");
  const firstId = socket.id;
  seen.firstRecovered = socket.recovered;
  const [joined] = await ack("join", { room });
  seen.joined = joined.room === room;
  await publish("m1");
  await until(() => got.includes("m1"), "m1");

  // Gone, then back: `missed` is published while the client is away.
  const away = async (missed) => {
    if (scenario === "client-disconnect") {
      socket.disconnect();
    } else if (scenario === "node-stop") {
      const gone = once("disconnect");
      console.log(JSON.stringify({ ready: true }));
      await gone;
    } else {
      socket.io.engine.close(); // the transport is gone, as when a network drops
    }
    const back = once("connect");
    // Noticed once the room has no member left (or, in a cluster, is not listed at all: 404).
    await until(async () => ((await rest("", {})).members || 0) === 0, "the server to notice");
    await missed();
    if (other) socket.io.uri = other; // the next node, as a load balancer would pick
    if (reconnectToken) socket.auth = { token: reconnectToken };
    if (!auto) socket.connect();
    await back;
  };
  if (scenario === "drop-twice") {
    await away(async () => {});
    seen.recoveredFirst = socket.recovered;
  }
  await away(async () => {
    if (scenario === "history-gone") {
      for (let i = 0; i < 105; i++) await publish("gone " + i); // the room keeps 100
    } else {
      await publish("m2");
      await publish("m3");
    }
  });
  seen.recovered = socket.recovered;
  seen.sameId = socket.id === firstId;
  const [rooms] = await ack("rooms", {});
  seen.rooms = (rooms.rooms || []).map((r) => r.room).filter((r) => r === room);
  if (seen.rooms.length > 0) {
    await publish("m4");
    await until(() => got.includes("m4"), "m4");
  }
  // The stream is ordered: a message replayed twice would have come before the rooms answer and m4.
  seen.got = got;
  seen.nodes = welcomes;
  seen.names = names;
  seen.transport = socket.io.engine.transport.name;
  console.log(JSON.stringify(seen));
  socket.close();
  process.exit(0);
})().catch((e) => fail(String(e)));
