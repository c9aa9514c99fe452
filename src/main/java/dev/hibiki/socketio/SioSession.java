package dev.hibiki.socketio;

import java.util.Map;
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

    private final EngineSession engine;
    private final SocketIoServer server;
    private final SioDecoder decoder;
    private final Map<String, SioSocket> sockets = new ConcurrentHashMap<>();
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
        server.cancelTimer(connectTimer);
        for (SioSocket socket : sockets.values()) {
            socket.gone();
        }
        sockets.clear();
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
                    socket.gone();
                }
            }
            case SioPacket.EVENT -> {
                SioSocket socket = sockets.get(nsp);
                if (socket == null) {
                    server.log("event on a namespace it has not joined (" + nsp + "), ignored", engine, false);
                    return;
                }
                ArrayNode args = (ArrayNode) packet.data();
                server.onEvent(socket, args, packet.id(), raw != null ? raw : args.toString());
            }
            case SioPacket.ACK -> server.log("acknowledgement " + packet.id() + " for nothing the server asked, ignored",
                    engine, false);
            default -> malformed(new SioDecoder.Malformed("packet type " + packet.type() + " from a client"));
        }
    }

    /** CONNECT: a namespace joined (with its auth), or refused with CONNECT_ERROR. */
    void connect(String nsp, JsonNode auth) {
        if (sockets.containsKey(nsp)) {
            return; // already there: the official server ignores it too
        }
        SioSocket socket = server.admit(this, nsp, auth);
        if (socket != null) {
            sockets.put(nsp, socket);
            socket.onNamespaceClosed = () -> sockets.remove(nsp, socket);
            server.cancelTimer(connectTimer);
        }
    }
}
