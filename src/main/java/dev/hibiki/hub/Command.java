package dev.hibiki.hub;

/**
 * Handles one inbound frame type. Features contribute commands as CDI beans; the WebSocket
 * dispatcher binds the frame's JSON to {@link #frame()} (a record, or JsonNode for frames
 * without fields) and sends a non-null result back to the sender with {@code re}.
 *
 * @param <F> the frame record
 */
public interface Command<F> {

    /** The frame's {@code type}. */
    String type();

    Class<F> frame();

    /** Serves the frame; throw {@link HubException} to answer with an error. */
    Outbound handle(Client from, F frame);
}
