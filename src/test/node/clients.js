// Drives an official Socket.IO JavaScript client against Hibiki and prints what it observed as
// one JSON line. Usage: node clients.js <base-url> <4|2|1> <polling|websocket|upgrade>
// Run by dev.hibiki.socketio.NodeClientsTest; clients installed by .ci/run (npm install here).
const [base, version, mode] = process.argv.slice(2);
const io = require({ 4: "sio4", 2: "sio2", 1: "sio1" }[version]);
const transports = mode === "polling" ? ["polling"] : mode === "websocket" ? ["websocket"] : ["polling", "websocket"];
const options = { transports, forceNew: true, reconnection: false, timeout: 5000 };
const seen = {};
const fail = (why) => { console.log(JSON.stringify({ error: why, seen })); process.exit(1); };
setTimeout(() => fail("timed out"), 20000);

const root = io(base, options);
const test = io(base + "/test", options);
const responses = [];
test.on("my response", (r) => responses.push(r)); // from the start: "Connected" comes first
const response = (match) => new Promise((resolve) => {
  const look = () => { const r = responses.find(match); if (r) resolve(r); else setTimeout(look, 10); };
  look();
});
const once = (socket, event) => new Promise((resolve) => socket.once(event, (...args) => resolve(args)));
const ack = (socket, event, payload) => new Promise((resolve) => socket.emit(event, payload, (...args) => resolve(args)));

(async () => {
  root.on("connect_error", (e) => fail("connect_error " + (e && e.message)));
  const [welcome] = await once(root, "welcome");
  seen.welcome = welcome.id === root.id || version !== "4"; // 1.x/2.x ids are namespaced differently
  const [echo] = await ack(root, "echo", { text: "hello " + version });
  seen.echo = echo.text;
  const chat = once(root, "receive_message");
  root.emit("send_message", { text: "chat " + version });
  seen.chat = (await chat)[0].text;
  // 1.x cannot send binary under today's Node: without binaryType on its WebSocket (ws 0.4) or
  // responseType on its XHR it sends base64, and its engine.io-parser 1.2 base64-encodes a Buffer's
  // .buffer (an ArrayBuffer on Node >= 4) by indexing it, which yields zeros. So a 4.x client sends
  // the bytes it receives; its own sending is tested in a browser (LegacySocketIoBrowserTest).
  const binary = once(root, "receive_message");
  if (version === "1") {
    const sender = require("sio4")(base, { transports: ["websocket"], forceNew: true, reconnection: false });
    await once(sender, "connect");
    sender.emit("send_message", Buffer.from([1, 2, 3, 255]));
    binary.then(() => sender.close());
  } else {
    root.emit("send_message", Buffer.from([1, 2, 3, 255]));
  }
  const [bytes] = await binary;
  seen.binary = Buffer.from(bytes).toString("hex");
  seen.flaskConnect = responses.length > 0 ? responses[0].data : (await response(() => true)).data;
  test.emit("my event", { data: "flask " + version });
  seen.flask = await response((r) => r.data === "flask " + version);
  await new Promise((resolve) => setTimeout(resolve, mode === "upgrade" ? 500 : 0));
  seen.transport = root.io.engine.transport.name;
  console.log(JSON.stringify(seen));
  root.close();
  test.close();
  process.exit(0);
})().catch((e) => fail(String(e)));
