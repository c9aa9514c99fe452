package dev.hibiki.hub;

/**
 * How a frame reaches many connections. The in-memory implementation delivers to this node's
 * connections; a cluster implementation also carries the frame to the other nodes. Endpoints,
 * commands and resources only ever talk to this interface.
 */
public interface FanOut {

    /** Delivers to every connection except {@code except} (may be null); returns local deliveries. */
    int everyone(Outbound frame, Client except);

    /** Delivers to the given local recipients except {@code except}; returns deliveries. */
    int recipients(Iterable<Client> recipients, Outbound frame, Client except);
}
