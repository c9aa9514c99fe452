package dev.hibiki.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Which Socket.IO event means what on one namespace: the events a vocabulary reads from sockets
 * and the events it makes of hub frames. Hibiki's own vocabulary and the seeds' are built in;
 * an application adds its own by declaring a CDI bean implementing this interface
 * (docs/SOCKETIO.md, "Your own events"). Several vocabularies may share a namespace: an inbound
 * event goes to the first that handles it, and each adds its events for a hub frame.
 */
public interface Vocabulary {

    /** The namespace it speaks on: {@code /} unless it says otherwise (a name like {@code /test}). */
    default String namespace() {
        return "/";
    }

    /** False leaves it out (a configuration switch); read once at start-up. */
    default boolean enabled() {
        return true;
    }

    /**
     * True for a vocabulary that takes every event it is given (Hibiki's own): it is asked after
     * the others of its namespace.
     */
    default boolean fallback() {
        return false;
    }

    /**
     * A socket is joining this namespace: its connect answer is queued and it is not a hub client
     * yet ({@link SioSocket#client()} is null), so what is emitted here reaches it before any hub
     * frame (a greeting the page expects first).
     */
    default void connecting(SioSocket socket) {
    }

    /** A socket has joined the hub on this namespace (its connect answer and welcome are queued). */
    default void connected(SioSocket socket) {
    }

    /**
     * An event from a socket, already counted against its rate and size limits. Return false
     * when the event is not this vocabulary's, to let the next one try.
     *
     * @param payload the event's first argument, or null
     * @param ack the acknowledgement id when the client asked for one, or null; answer with
     *            {@link SioSocket#ack}
     */
    boolean onEvent(SioSocket socket, String event, JsonNode payload, Long ack);

    /**
     * Adds this vocabulary's events for one hub frame (its JSON, {@code type} included) to
     * {@code out}. Called once per frame for all the namespace's sockets: use nothing but the
     * frame and shared state.
     */
    default void translate(String type, ObjectNode frame, Events out) {
    }
}
