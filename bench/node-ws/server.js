// A plain Node `ws` server that speaks the subset of Hibiki protocol v1 the benchmark uses
// (welcome, echo, broadcast, join/leave/publish, ping, status), so `hibiki bench` can measure
// Hibiki and a well-known peer in the same run. Deliberately simple: no count/presence
// notices, no validation beyond what the scenarios need, compression off (ws' default).
// Run: node server.js [port]   (port 8090 by default)
'use strict';
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || process.env.PORT || 8090);
const wss = new WebSocketServer({ port, path: '/ws', perMessageDeflate: false });
const rooms = new Map(); // room -> { members: Set<ws>, seq }
let next = 1;

function reply(ws, frame, msg) {
  if (frame.id !== undefined) msg.re = frame.id;
  ws.send(JSON.stringify(msg));
}

wss.on('connection', (ws, req) => {
  const name = new URL(req.url, 'http://x').searchParams.get('name') || 'guest-' + next;
  ws.who = { id: 'n' + next++, name };
  ws.count = 0;
  ws.rooms = new Set();
  ws.send(JSON.stringify({ type: 'welcome', id: ws.who.id, name, connections: wss.clients.size, node: 'node-ws', version: 'peer' }));
  ws.on('message', (data) => {
    let f;
    try { f = JSON.parse(data); } catch (e) { return reply(ws, {}, { type: 'error', code: 'bad_json', message: 'not JSON' }); }
    ws.count++;
    const ts = new Date().toISOString();
    switch (f.type) {
      case 'echo':
        return reply(ws, f, { type: 'echo', text: f.text, count: ws.count, ts });
      case 'ping':
        return reply(ws, f, { type: 'pong', t: f.t, ts });
      case 'status':
        return reply(ws, f, { type: 'status', connections: wss.clients.size, rooms: rooms.size, uptime: process.uptime(), node: 'node-ws', version: 'peer' });
      case 'broadcast': {
        // Encode once, send the same string to everyone (what a careful ws server does).
        const out = JSON.stringify({ type: 'broadcast', from: ws.who, text: f.text, data: f.data, ts });
        for (const c of wss.clients) if ((f.self !== false || c !== ws) && c.readyState === 1) c.send(out);
        return;
      }
      case 'join': {
        let r = rooms.get(f.room);
        if (!r) rooms.set(f.room, r = { members: new Set(), seq: 0 });
        r.members.add(ws);
        ws.rooms.add(f.room);
        return reply(ws, f, { type: 'joined', room: f.room, members: r.members.size });
      }
      case 'leave': {
        const r = rooms.get(f.room);
        if (r) r.members.delete(ws);
        ws.rooms.delete(f.room);
        return reply(ws, f, { type: 'left', room: f.room });
      }
      case 'publish': {
        const r = rooms.get(f.room);
        if (!r) return reply(ws, f, { type: 'error', code: 'not_found', message: 'no such room' });
        const out = JSON.stringify({ type: 'message', room: f.room, from: ws.who, text: f.text, data: f.data, seq: ++r.seq, ts });
        for (const c of r.members) if ((f.self !== false || c !== ws) && c.readyState === 1) c.send(out);
        return;
      }
      default:
        return reply(ws, f, { type: 'error', code: 'unknown_type', message: 'unknown type ' + f.type });
    }
  });
  ws.on('close', () => {
    for (const name of ws.rooms) {
      const r = rooms.get(name);
      if (r) { r.members.delete(ws); if (r.members.size === 0) rooms.delete(name); }
    }
  });
});
wss.on('listening', () => console.log(`node-ws peer listening on ws://localhost:${port}/ws (pid ${process.pid})`));
