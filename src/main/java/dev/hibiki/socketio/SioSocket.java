package dev.hibiki.socketio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
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
import dev.hibiki.socketio.recovery.RoomMarks;
import dev.hibiki.socketio.recovery.SavedSession;
import dev.hibiki.socketio.recovery.SentLog;

/**
 * One Socket.IO socket (a namespace joined over one Engine.IO session) as a hub {@link Peer}: a
 * hub client like any {@code /ws} connection, whose frames are translated by its namespace's
 * dialect and travel over the session's transport.
 * <p>
 * With connection state recovery, a socket has a private id ({@link #pid()}) and a {@link SentLog}
 * of the room events it was sent: every frame passes {@link #send}, so such a socket does without
 * the shared-buffer fast path (its frames are still translated once per namespace). A socket being
 * recovered holds what the hub sends it until the recovery is decided ({@link #release}).
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
    /** Set by the first {@link #gone}: the socket is released once. */
    private final AtomicBoolean released = new AtomicBoolean();
    /** The private session id the client gets for a recovery, or null without recovery. */
    private final String pid;
    /** Room events sent, or null without recovery. */
    private final SentLog sentLog;
    /** A frame held while a recovery is decided, with what runs once the transport has it. */
    private record Held(WireFrame frame, Runnable taken) {
    }

    /** Frames held while a recovery is decided, or null. */
    private volatile List<Held> held;
    /** Set while {@link #release} writes the connect answer and greetings ahead of what was held. */
    private boolean releasing;
    /** False once the hub closed this socket for a reason that leaves nothing to recover. */
    private volatile boolean recoverable = true;

    SioSocket(String id, EngineSession session, Namespace namespace) {
        this(id, session, namespace, null, null, false);
    }

    /**
     * A socket with recovery when {@code pid} is non-null: {@code sentLog} records its room events,
     * and {@code holding} keeps what the hub sends until {@link #release} (a recovery in progress).
     */
    SioSocket(String id, EngineSession session, Namespace namespace, String pid, SentLog sentLog, boolean holding) {
        this.id = id;
        this.session = session;
        this.namespace = namespace;
        this.pid = pid;
        this.sentLog = sentLog;
        this.held = holding ? new ArrayList<>() : null;
        // The fast path only for sessions born on a WebSocket (frames of Engine.IO v3 differ in
        // binary): a polling session that upgrades later keeps writing through the session. A
        // socket that logs its room events must see each frame, so it has none either.
        this.outlet = session.protocol() == 4 && sentLog == null ? session.outlet() : null;
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

    /** The private session id for a recovery, or null when this socket has none. */
    String pid() {
        return pid;
    }

    EngineSession session() {
        return session;
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

    /**
     * The client sent DISCONNECT, or the session ended: release without a word to it. When the
     * transport dropped ({@code dropped}) and nothing says otherwise, {@code keep} is first handed
     * what the client may come back to, while the hub client is still in its rooms.
     */
    void gone(boolean dropped, Consumer<SioSocket> keep) {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        gone = true;
        Client hubClient = client;
        if (hubClient != null) {
            if (dropped && recoverable && pid != null && held == null) {
                keep.accept(this);
            }
            hubClient.close(1006, "gone");
        }
    }

    void gone() {
        gone(false, socket -> {
        });
    }

    /** The session to keep for a recovery, given the seq each of its rooms had reached on this node. */
    SavedSession saved(Map<String, Long> rooms) {
        Client hubClient = client;
        return new SavedSession(pid, namespace.name(), id, hubClient.who().name(), hubClient.admission().subject(),
                sentLog.startOffset(), sentLog.complete(), rooms, sentLog.events());
    }

    /**
     * The recovery succeeded: writes {@code answer} (the connect answer), lets {@code greet} emit
     * what comes first, then what the hub sent meanwhile, in order; afterwards frames flow as usual.
     */
    void release(List<Object> answer, Runnable greet) {
        synchronized (this) {
            releasing = true;
            try {
                session.send(answer, null);
                greet.run();
                for (Held frame : held) {
                    session.send(frame.frame(), frame.taken());
                }
                held = null;
            } finally {
                releasing = false;
            }
        }
    }

    /** The recovery failed: what was held is dropped and the hub client closed, nothing kept. */
    void abandon() {
        List<Held> waiting;
        synchronized (this) {
            waiting = held == null ? List.of() : held;
            held = null;
        }
        released.set(true);
        gone = true;
        for (Held frame : waiting) {
            if (frame.taken() != null) {
                frame.taken().run();
            }
        }
        Client hubClient = client;
        if (hubClient != null) {
            hubClient.close(1006, "recovery failed");
        }
    }

    // ---- Peer ----

    @Override
    public Dialect dialect() {
        return namespace.dialect(session.protocol());
    }

    @Override
    public Outlet outlet() {
        return outlet;
    }

    @Override
    public void send(WireFrame frame, Runnable taken) {
        if (sentLog == null) {
            session.send(frame, taken);
            return;
        }
        RoomMarks.Mark mark = RoomMarks.of(frame);
        // Noted and handed on under one lock: frames of two rooms sent from two threads must be
        // in the log in the order they go out, or an offset would say the wrong thing about them.
        synchronized (this) {
            if (mark != null) {
                sentLog.sent(mark);
            }
            if (held != null && !releasing) {
                held.add(new Held(frame, taken));
                return;
            }
            session.send(frame, taken);
        }
    }

    @Override
    public boolean isOpen() {
        return !gone && session.isOpen();
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        if (!gone) {
            // A shutdown (1001) leaves the session to recover, on another node in a cluster; any
            // other close the hub decides on (a limit, a slow client, an error) does not.
            recoverable = code == 1001;
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
