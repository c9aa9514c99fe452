package dev.hibiki.socketio;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Dialect;
import dev.hibiki.hub.Outlet;
import dev.hibiki.hub.Peer;
import dev.hibiki.hub.WireFrame;
import dev.hibiki.socketio.engine.EngineSession;
import dev.hibiki.socketio.protocol.SioEncoder;
import dev.hibiki.socketio.protocol.SioPacket;

/**
 * One Socket.IO socket (a namespace joined over one Engine.IO session) as a hub {@link Peer}: a
 * hub client like any {@code /ws} connection, whose frames are translated by its namespace's
 * dialect and travel over the session's transport.
 */
public final class SioSocket implements Peer {

    /** Hub close codes that end only this namespace (a DISCONNECT packet); others end the session. */
    private static final List<Integer> NAMESPACE_CLOSES = List.of(1000, 1008, 1009, 4001);

    private final String id;
    private final EngineSession session;
    private final Namespace namespace;
    private final Outlet outlet;
    private final Map<String, Object> state = new ConcurrentHashMap<>();
    private volatile Client client;
    /** The client left (DISCONNECT) or the session is gone: nothing more to say to it. */
    private volatile boolean gone;

    SioSocket(String id, EngineSession session, Namespace namespace) {
        this.id = id;
        this.session = session;
        this.namespace = namespace;
        // The fast path only for sessions born on a WebSocket (frames of Engine.IO v3 differ in
        // binary): a polling session that upgrades later keeps writing through the session.
        this.outlet = session.protocol() == 4 ? session.outlet() : null;
    }

    @Override
    public String id() {
        return id;
    }

    /** The namespace's name, {@code /} or like {@code /test}. */
    public String namespace() {
        return namespace.name();
    }

    /** The hub client this socket is. */
    public Client client() {
        return client;
    }

    void client(Client client) {
        this.client = client;
    }

    /** Per-socket state a vocabulary keeps (the Flask example's receive count, say). */
    @SuppressWarnings("unchecked")
    public <T> T state(String key, Function<String, T> initial) {
        return (T) state.computeIfAbsent(key, initial);
    }

    public void state(String key, Object value) {
        state.put(key, value);
    }

    /** Emits an event to this socket alone, in order with its hub frames. */
    public void emit(String event, JsonNode... args) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode().add(event);
        for (JsonNode arg : args) {
            array.add(arg);
        }
        sendPacket(SioPacket.EVENT, null, array);
    }

    /** Answers the client's acknowledgement {@code ack} (nothing when it is null). */
    public void ack(Long ack, JsonNode... args) {
        if (ack == null) {
            return;
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (JsonNode arg : args) {
            array.add(arg);
        }
        sendPacket(SioPacket.ACK, ack, array);
    }

    /** Disconnects this socket from the server side (the client gets DISCONNECT and stays away). */
    public void disconnect() {
        Client hubClient = client;
        if (hubClient != null) {
            hubClient.close(1000, "server disconnect");
        }
    }

    private void sendPacket(int type, Long ack, JsonNode data) {
        List<Object> packets = SioEncoder.packets(type, namespace.name(), ack, data);
        Client hubClient = client;
        if (hubClient != null) {
            hubClient.sendInDialect(WireFrame.ofParts(packets));
        } else if (!gone) {
            session.send(packets, null); // still joining: nothing of the hub's can be ahead of it
        }
    }

    /** The client sent DISCONNECT, or the session ended: release without a word to it. */
    void gone() {
        gone = true;
        Client hubClient = client;
        if (hubClient != null) {
            hubClient.close(1006, "gone");
        }
    }

    // ---- Peer ----

    @Override
    public Dialect dialect() {
        return namespace.dialect();
    }

    @Override
    public Outlet outlet() {
        return outlet;
    }

    @Override
    public void send(WireFrame frame, Runnable taken) {
        session.send(frame, taken);
    }

    @Override
    public boolean isOpen() {
        return !gone && session.isOpen();
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        if (!gone) {
            if (NAMESPACE_CLOSES.contains(code)) {
                gone = true;
                session.send(SioEncoder.packets(SioPacket.DISCONNECT, namespace.name(), null, null), null);
                onNamespaceClosed.run();
            } else {
                session.close(reason);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Set by the session: forgets this socket when it disconnects alone. */
    Runnable onNamespaceClosed = () -> {
    };

    @Override
    public boolean ownHeartbeat() {
        return true; // Engine.IO's ping/pong
    }

    @Override
    public String toString() {
        return "Socket.IO socket " + id + " on " + namespace.name() + " (" + session + ")";
    }
}
