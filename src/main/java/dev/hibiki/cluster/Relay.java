package dev.hibiki.cluster;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Connections;
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
    private final ClusterMetrics metrics;

    Relay(Cluster cluster, Connections connections, ClusterMetrics metrics) {
        this.cluster = cluster;
        this.connections = connections;
        this.metrics = metrics;
    }

    void listen(@Observes StartupEvent event) {
        cluster.on(ALL, this::deliver);
    }

    boolean active() {
        return cluster.enabled();
    }

    /** Sends an encoded hub-wide frame to the other nodes; false when Redis is down. */
    boolean relay(String encoded, Client except) {
        boolean sent = cluster.publish(Envelope.of(ALL, cluster.self(), encoded, except == null ? NOBODY : except.id()));
        metrics.relayed(sent);
        return sent;
    }

    private void deliver(Envelope envelope) {
        if (envelope.origin().equals(cluster.self())) {
            return; // delivered locally when it was sent
        }
        String except = envelope.args().isEmpty() ? NOBODY : envelope.arg(0);
        String frame = envelope.body();
        for (Client client : connections.all()) {
            if (!client.id().equals(except)) {
                client.sendEncoded(frame);
            }
        }
    }
}
