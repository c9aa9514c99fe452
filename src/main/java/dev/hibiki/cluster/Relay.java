package dev.hibiki.cluster;

import org.jboss.logging.Logger;

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
 * sender's frames in order everywhere. Each frame carries the origin's seq, so a node that missed
 * some (the hub channel keeps no history) tells its clients how many, rather than nothing.
 */
@ApplicationScoped
public class Relay {

    static final String ALL = "all";
    /** Stands for "no connection excluded" in the envelope. */
    private static final String NOBODY = "-";

    private static final Logger LOG = Logger.getLogger(Relay.class);

    private final Cluster cluster;
    private final Connections connections;
    private final FanOut fanOut;
    private final ClusterMetrics metrics;
    private final OriginGaps gaps = new OriginGaps();
    /** Seq of this node's last hub-wide frame; guarded by {@code this} with the publish, so seq order is publish order. */
    private long lastSeq;

    Relay(Cluster cluster, Connections connections, FanOut fanOut, ClusterMetrics metrics) {
        this.cluster = cluster;
        this.connections = connections;
        this.fanOut = fanOut;
        this.metrics = metrics;
    }

    void listen(@Observes StartupEvent event) {
        cluster.on(ALL, this::deliver);
    }

    /** A peer left or went silent; if it is heard again, what it sent meanwhile still counts as missed. */
    void forget(@Observes NodeLeft left) {
        gaps.forget(left.instance());
    }

    /**
     * Sends an encoded hub-wide frame to the other nodes; false when Redis is down. A frame that
     * could not be sent uses up its seq all the same: the other nodes see the gap and say so.
     */
    boolean relay(Encoded frame, Client except) {
        String excluded = except == null ? NOBODY : except.id();
        boolean sent;
        // Frames come from many event loops: the seq is taken and the publish queued in one step,
        // or a later seq could reach Redis first and look like a gap to every other node.
        synchronized (this) {
            sent = cluster.publish(Envelope.of(ALL, cluster.self(), frame.json(), excluded, frame.type(),
                    Long.toString(++lastSeq)));
        }
        metrics.relayed(sent);
        return sent;
    }

    private void deliver(Envelope envelope) {
        if (envelope.origin().equals(cluster.self())) {
            return; // delivered locally when it was sent
        }
        // No seq: a node of an older version (rolling upgrade), delivered as ever and not tracked.
        noticeGap(envelope.origin(), envelope.args().size() > 2 ? envelope.arg(2) : null);
        // The excluded sender is a connection of the origin node, never one of ours; the envelope
        // names it all the same, so the rule does not depend on that.
        Client except = envelope.args().isEmpty() ? null : connections.get(envelope.arg(0)).orElse(null);
        String type = envelope.args().size() > 1 ? envelope.arg(1) : "relayed";
        // Local recipients only, so it is not relayed again; the string becomes frame bytes once.
        fanOut.recipients(connections.all(), new Encoded(type, envelope.body()), except);
    }

    /** Tells this node's clients, before the frame that revealed it, how many frames of the origin are lost. */
    private void noticeGap(String origin, String seq) {
        long missed = gaps.seen(origin, seq);
        if (missed > 0) {
            metrics.hubMissed(missed);
            int told = fanOut.recipients(connections.all(), MissedFrames.hub(missed), null);
            LOG.infof("cluster: missed %d hub-wide frames of %s (seq %s came next); told %d clients", missed, origin,
                    seq, told);
        }
    }
}
