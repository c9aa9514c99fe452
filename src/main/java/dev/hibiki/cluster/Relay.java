package dev.hibiki.cluster;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Connections;
import dev.hibiki.hub.Encoded;
import dev.hibiki.hub.FanOut;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Hub-wide frames (broadcasts, notifications, presence, ticks) between nodes. The origin node
 * delivers to its own clients at once and publishes the encoded frame once; every other node
 * hands the same string to each of its clients. One ordered connection per node keeps each
 * sender's frames in order everywhere.
 */
@ApplicationScoped
public class Relay {

    static final String ALL = "all";
    /** Stands for "no connection excluded" in the envelope. */
    private static final String NOBODY = "-";

    private final Cluster cluster;
    private final Connections connections;
    private final FanOut fanOut;
    private final ClusterMetrics metrics;

    Relay(Cluster cluster, Connections connections, FanOut fanOut, ClusterMetrics metrics) {
        this.cluster = cluster;
        this.connections = connections;
        this.fanOut = fanOut;
        this.metrics = metrics;
    }

    void listen(@Observes StartupEvent event) {
        cluster.on(ALL, this::deliver);
    }

    /** Sends an encoded hub-wide frame to the other nodes; false when Redis is down. */
    boolean relay(Encoded frame, Client except) {
        boolean sent = cluster.publish(Envelope.of(ALL, cluster.self(), frame.json(),
                except == null ? NOBODY : except.id(), frame.type()));
        metrics.relayed(sent);
        return sent;
    }

    private void deliver(Envelope envelope) {
        if (envelope.origin().equals(cluster.self())) {
            return; // delivered locally when it was sent
        }
        // The excluded sender is a connection of the origin node, never one of ours; the envelope
        // names it all the same, so the rule does not depend on that.
        Client except = envelope.args().isEmpty() ? null : connections.get(envelope.arg(0)).orElse(null);
        String type = envelope.args().size() > 1 ? envelope.arg(1) : "relayed";
        // Local recipients only, so it is not relayed again; the string becomes frame bytes once.
        fanOut.recipients(connections.all(), new Encoded(type, envelope.body()), except);
    }
}
