// The official socket.io-client 4.8 under Node, long-polling only, through the HAProxy of
// SocketIoBehindProxyIT (deploy/examples/haproxy.cfg: round robin plus the hibiki-route cookie).
// Prints what it observed as one JSON line. Usage: node proxy.js <proxy-url> <cookies|no-cookies>
//   cookies:    three sockets with withCredentials: true, which in Node gives each engine a cookie
//               jar (engine.io-client 6.5+); each acks 20 echoes, asks which node serves it, and
//               socket 0's broadcast must reach sockets 1 and 2.
//   no-cookies: one socket without withCredentials (the default): no cookie goes back, so the
//               proxy spreads the session's requests over the nodes.
const io = require("sio4");
const [base, mode] = process.argv.slice(2);
const seen = {};
const fail = (why) => { console.log(JSON.stringify({ error: why, seen })); process.exit(1); };
setTimeout(() => fail("timed out"), 40000);

const open = (withCredentials, name) => io(base, {
  transports: ["polling"], forceNew: true, reconnection: false, timeout: 10000, withCredentials, query: { name },
});
const ack = (socket, event, payload) => new Promise((resolve) => socket.emit(event, payload, (answer) => resolve(answer)));
const connected = (socket) => new Promise((resolve) => {
  socket.once("connect", () => resolve({ connected: true }));
  socket.once("connect_error", (e) => resolve({ connected: false, event: "connect_error", reason: e.message }));
  socket.once("disconnect", (reason, details) => resolve({
    connected: false, event: "disconnect", reason, description: details && String(details.description || details.message || ""),
  }));
});
const routeCookie = (socket) => {
  const jar = socket.io.engine._cookieJar; // where engine.io-client keeps Set-Cookie in Node
  if (!jar) return null;
  for (const [name, cookie] of jar.cookies) if (name === "hibiki-route") return cookie.value;
  return null;
};

(async () => {
  if (mode === "no-cookies") {
    const socket = open(false, "no-cookies");
    Object.assign(seen, await connected(socket));
    seen.cookie = routeCookie(socket);
    console.log(JSON.stringify(seen));
    process.exit(0);
  }
  const sockets = [0, 1, 2].map((i) => open(true, "node" + i));
  const results = await Promise.all(sockets.map(connected));
  if (!results.every((r) => r.connected)) fail("not connected: " + JSON.stringify(results));
  seen.sockets = [];
  for (const socket of sockets) {
    let echoes = 0;
    for (let i = 0; i < 20; i++) {
      const answer = await ack(socket, "echo", { text: "poll " + i });
      if (answer && answer.text === "poll " + i) echoes++;
    }
    const status = await ack(socket, "status", {});
    seen.sockets.push({ cookie: routeCookie(socket), node: status.node, echoes, transport: socket.io.engine.transport.name });
  }
  const heard = sockets.slice(1).map((socket) => new Promise((resolve) => socket.on("broadcast", (frame) => {
    if (frame.text === "from socket 0") resolve(true);
  })));
  sockets[0].emit("broadcast", { text: "from socket 0" });
  seen.broadcastHeard = (await Promise.all(heard)).length;
  console.log(JSON.stringify(seen));
  sockets.forEach((socket) => socket.close());
  process.exit(0);
})().catch((e) => fail(String(e)));
