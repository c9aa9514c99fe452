// The peer: Node's socket.io with the chat seed's and Hibiki's echo semantics, nothing else.
// Usage: node server.js <port>
const port = Number(process.argv[2] || 3000);
const io = new (require("socket.io").Server)(port, { transports: ["websocket", "polling"] });
io.on("connection", (socket) => {
  socket.on("send_message", (payload) => io.emit("receive_message", payload));
  socket.on("echo", (frame, ack) => ack && ack({ type: "echo", text: frame && frame.text, ts: new Date().toISOString() }));
});
console.log("socket.io listening on " + port);
