package dev.hibiki.socketio;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.hibiki.socketio.engine.EngineSession;
import dev.hibiki.socketio.protocol.SioDecoder;
import dev.hibiki.socketio.protocol.SioPacket;

/**
 * The Socket.IO layer of one Engine.IO session: reads its packets and multiplexes its namespaces,
 * each a {@link SioSocket}. A packet that breaks the protocol closes this session alone.
 */
final class SioSession implements EngineSession.Listener {

    /**
     * Session ends whose sockets may be recovered: the transport went away or the server is
     * shutting down (the official server's list, in Engine.IO's words here). Not a protocol
     * violation (a parse error, a body too large, overlapping requests) nor a slow client.
     */
    private static final Set<String> DROPPED = Set.of("transport close", "transport error", "ping timeout",
            "server shutting down", "client close", "poll connection closed prematurely", "data request failed");

    private final EngineSession engine;
    private final SocketIoServer server;
    private final SioDecoder decoder;
    private final Map<String, SioSocket> sockets = new ConcurrentHashMap<>();
    /** Namespaces whose recovery is being decided (guarded by this). */
    private final Set<String> recovering = new HashSet<>();
    /** Causes already logged for this session (guarded by this): a stray packet repeated is one line, not one per packet. */
    private final Set<String> noted = new HashSet<>();
    private volatile long connectTimer = -1;

    SioSession(EngineSession engine, SocketIoServer server, SioDecoder decoder) {
        this.engine = engine;
        this.server = server;
        this.decoder = decoder;
    }

    EngineSession engine() {
        return engine;
    }

    void connectTimer(long timer) {
        this.connectTimer = timer;
    }

    boolean connected() {
        return !sockets.isEmpty();
    }

    @Override
    public synchronized void onMessage(String text) {
        SioPacket packet;
        try {
            packet = decoder.text(text);
        } catch (SioDecoder.Malformed e) {
            malformed(e);
            return;
        }
        if (packet != null) {
            handle(packet, text);
        }
    }

    @Override
    public synchronized void onBinary(byte[] data) {
        SioPacket packet;
        try {
            packet = decoder.binary(data);
        } catch (SioDecoder.Malformed e) {
            malformed(e);
            return;
        }
        if (packet != null) {
            handle(packet, null);
        }
    }

    private void malformed(SioDecoder.Malformed e) {
        server.log("malformed packet (" + e.getMessage() + ")", engine);
        engine.close("parse error");
    }

    @Override
    public void onClose(String reason) {
        // Not under this session's lock: a hub client may close its session while it holds a
        // room's lock, and this lock is held while events go into rooms.
        server.cancelTimer(connectTimer);
        boolean dropped = DROPPED.contains(reason);
        sockets.forEach((nsp, socket) -> {
            if (sockets.remove(nsp, socket)) {
                socket.gone(dropped, server::keep);
            }
        });
    }

    private void handle(SioPacket packet, String raw) {
        String nsp = packet.nsp();
        if (engine.protocol() == 3) {
            int query = nsp.indexOf('?'); // Socket.IO v4 sends a namespace's query after its name
            if (query >= 0) {
                nsp = nsp.substring(0, query);
            }
        }
        switch (packet.type()) {
            case SioPacket.CONNECT -> connect(nsp, packet.data());
            case SioPacket.DISCONNECT -> {
                SioSocket socket = sockets.remove(nsp);
                if (socket != null) {
                    socket.gone(); // the client left: nothing to recover
                }
            }
            case SioPacket.EVENT -> {
                SioSocket socket = sockets.get(nsp);
                if (socket == null) {
                    note("event on a namespace it has not joined (" + nsp + "), ignored");
                    return;
                }
                ArrayNode args = (ArrayNode) packet.data();
                server.onEvent(socket, args, packet.id(), raw != null ? raw : args.toString());
            }
            case SioPacket.ACK -> note("acknowledgement for nothing the server asked, ignored");
            default -> malformed(new SioDecoder.Malformed("packet type " + packet.type() + " from a client"));
        }
    }

    /** Logs a harmless stray packet's cause once per session; the packets themselves are dropped. */
    private void note(String cause) {
        if (noted.add(cause)) {
            server.log(cause + " (said once per session)", engine, false);
        }
    }

    /**
     * CONNECT: a namespace joined (with its auth), or refused with CONNECT_ERROR. A CONNECT with a
     * {@code pid} asks for a recovery, decided asynchronously (the saved session may be in Redis).
     */
    void connect(String nsp, JsonNode auth) {
        if (sockets.containsKey(nsp) || recovering.contains(nsp)) {
            return; // already there: the official server ignores it too
        }
        String pid = server.recoveryPid(engine, auth);
        if (pid == null) {
            admitted(nsp, server.admit(this, nsp, auth));
            return;
        }
        recovering.add(nsp);
        server.recover(this, nsp, auth, pid).whenComplete((socket, failure) -> {
            synchronized (this) {
                recovering.remove(nsp);
                admitted(nsp, socket);
            }
        });
    }

    private void admitted(String nsp, SioSocket socket) {
        if (socket == null) {
            return;
        }
        sockets.put(nsp, socket);
        socket.onNamespaceClosed = () -> sockets.remove(nsp, socket);
        server.cancelTimer(connectTimer);
        if (!engine.isOpen() && sockets.remove(nsp, socket)) {
            socket.gone(true, server::keep); // the session closed while a recovery was decided
        }
    }
}
