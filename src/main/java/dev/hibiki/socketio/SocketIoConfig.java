package dev.hibiki.socketio;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The Socket.IO door (docs/SOCKETIO.md): Engine.IO and Socket.IO on the HTTP port beside {@code /ws}.
 * Defaults are the official server's. Every key is listed in docs/CONFIGURATION.md.
 */
@ConfigMapping(prefix = "hibiki.socketio")
public interface SocketIoConfig {

    /** Serve Socket.IO clients at all. */
    @WithDefault("true")
    boolean enabled();

    /** The path clients connect to (the client option {@code path}); must end with a slash. */
    @WithDefault("/socket.io/")
    String path();

    /** How often the server pings each session (Engine.IO {@code pingInterval}). */
    @WithDefault("25s")
    Duration pingInterval();

    /** How long the server waits for the pong before closing the session ({@code pingTimeout}). */
    @WithDefault("20s")
    Duration pingTimeout();

    /**
     * Largest HTTP body of a polling POST, in bytes, announced to clients as {@code maxPayload}
     * (the official {@code maxHttpBufferSize}). A larger body gets 413 and the session closes.
     */
    @WithDefault("1000000")
    int maxPayload();

    /**
     * Packets in one polling response at most: Debian's python-engineio 4.3 client reads at most
     * 16 in one payload. The rest waits for the next poll.
     */
    @WithDefault("16")
    int maxPacketsPerPoll();

    /** How long a WebSocket opened to upgrade a polling session has to finish the upgrade. */
    @WithDefault("10s")
    Duration upgradeTimeout();

    /** How long a new session has to connect to a namespace before it is closed. */
    @WithDefault("45s")
    Duration connectTimeout();

    /** Also speak Engine.IO v3 / Socket.IO v4 (socket.io-client 1.x and 2.x), as {@code allowEIO3}. */
    @WithDefault("true")
    boolean allowEio3();

    /** Binary attachments one packet may announce (the official parser's {@code maxAttachments}). */
    @WithDefault("10")
    int maxAttachments();

    /**
     * Your own events, by inbound event name: what the hub does with each (docs/SOCKETIO.md,
     * "Your own events"). Empty by default.
     */
    Map<String, Route> routes();

    interface Route {
        /** The namespace the event is read on. */
        @WithDefault("/")
        String namespace();

        /**
         * Who gets the event: {@code everyone}, {@code others} (everyone but the sender),
         * {@code room} (the members of the room named by {@link #roomField()}, the sender a member)
         * or {@code sender} (back to the sender alone).
         */
        @WithDefault("everyone")
        String to();

        /** The event name that goes out; the inbound name when absent. */
        Optional<String> emit();

        /** Only these fields of the payload go out (an object payload); all when absent. */
        Optional<List<String>> fields();

        /** With {@code to=room}: the payload field naming the room. */
        @WithDefault("room")
        String roomField();
    }

    /** Connection state recovery (docs/SOCKETIO.md, "Connection state recovery"). */
    Recovery recovery();

    interface Recovery {
        /**
         * Give Engine.IO v4 sockets a session id ({@code pid}) and room events an offset, so the
         * official client (4.6 and later) gets its rooms and their missed messages back after a
         * dropped connection. Off by default, as on the official server: the extra argument breaks
         * fixed-arity python-socketio handlers and such sockets lose the shared-buffer fast path
         * (docs/SOCKETIO.md, "Connection state recovery").
         */
        @WithDefault("false")
        boolean enabled();

        /** How long a dropped socket's session is kept for it to come back (the official default). */
        @WithDefault("2m")
        Duration maxDisconnectionDuration();

        /**
         * Room events remembered per socket, the most recent ones: a client whose last received
         * event is older than these cannot be recovered. About 24 bytes each, for sockets that get
         * room events only.
         */
        @WithDefault("128")
        int trackedEvents();

        /** Dropped sessions kept at most in this node's memory (single-node mode); the oldest go first. */
        @WithDefault("5000")
        int maxSessions();
    }

    /** Which built-in event vocabularies are on (docs/SOCKETIO.md, "Vocabularies"). */
    Vocabularies vocabularies();

    interface Vocabularies {
        /** Hibiki's own message types as events with acks, on the default namespace. */
        @WithDefault("true")
        boolean hibiki();

        /** The shared-textarea app's events (text_update, count_update, send_notification) on {@code /}. */
        @WithDefault("true")
        boolean textarea();

        /** The chat app's send_message / receive_message on {@code /}. */
        @WithDefault("true")
        boolean chat();

        /** The Flask-SocketIO example's events on {@code /test}. */
        @WithDefault("true")
        boolean flaskExample();
    }
}
