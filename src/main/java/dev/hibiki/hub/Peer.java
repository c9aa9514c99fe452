package dev.hibiki.hub;

import java.util.concurrent.CompletionStage;

/**
 * One connection's transport, as the hub needs it: what makes a {@link Client} out of a native
 * {@code /ws} connection, a Socket.IO socket over WebSocket or one over HTTP long-polling. The
 * client keeps everything else (identity, counters, rate limit, rooms, the slow-client bound), so
 * every transport gets presence, counts, rooms, limits and metrics the same way.
 * <p>
 * A peer with an {@link #outlet()} gets the encode-once fast path: complete WebSocket frames,
 * shared by every recipient of a fan-out. A peer with a {@link #dialect()} receives each hub frame
 * translated once per dialect (the translation is cached on the frame), so a fan-out to many
 * Socket.IO sockets on WebSocket also writes one shared buffer per dialect.
 */
public interface Peer {

    /** Unique among this node's connections. */
    String id();

    /** How hub frames are worded for this peer, or null for Hibiki's own JSON frames. */
    default Dialect dialect() {
        return null;
    }

    /** The fast path to this peer's WebSocket, or null when frames go through {@link #send}. */
    default Outlet outlet() {
        return null;
    }

    /**
     * Hands a frame (already in this peer's dialect) to the transport when there is no outlet.
     * {@code taken} runs once the transport has written it (or given up): until then its bytes
     * count towards the slow-client bound.
     */
    void send(WireFrame frame, Runnable taken);

    /** True while the transport can still carry frames. */
    boolean isOpen();

    /** Closes the transport with a code and reason (WebSocket close codes, mapped by others). */
    CompletionStage<Void> close(int code, String reason);

    /**
     * Pings the peer for the hub's heartbeat ({@link Heartbeat}); the answer must reach
     * {@link Client#heard()}. Only called when {@link #ownHeartbeat()} is false.
     */
    default void ping() {
    }

    /**
     * True when the transport checks liveness itself (Engine.IO's ping/pong) and closes the client
     * when the peer is gone: the hub's heartbeat then leaves it alone.
     */
    default boolean ownHeartbeat() {
        return false;
    }

    /** Releases what the transport kept of its opening request once the hub has read it. */
    default void forgetHandshake() {
    }
}
