package dev.hibiki.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last hub-wide frame seen from each other node, by the per-origin seq {@link Relay} stamps on
 * every relayed frame. The hub channel keeps no history, so a gap cannot be refilled: it can only
 * be counted, and the clients told. Each origin's frames arrive in order over one connection, so
 * a seq past the next one means frames were lost in between (a dropped subscription, a failover
 * of the hub slot's primary, the origin's Redis outage), never that they are still on the way.
 */
final class OriginGaps {

    private final Map<String, Long> last = new ConcurrentHashMap<>();

    /**
     * Records a frame of {@code origin} stamped {@code seq}; returns how many of its frames were
     * missed just before it. The first frame of an origin, or a seq not past the last one (the
     * origin restarted under the same id), starts the count afresh: nothing is known to be missing
     * then. A frame without a seq (null: a node of an older version, in a rolling upgrade) or with
     * one this version cannot read is not tracked and changes nothing.
     */
    long seen(String origin, String seq) {
        if (seq == null) {
            return 0;
        }
        try {
            return seen(origin, Long.parseLong(seq));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private long seen(String origin, long seq) {
        long[] missed = { 0 };
        last.compute(origin, (o, before) -> {
            if (before != null && seq > before + 1) {
                missed[0] = seq - before - 1;
            }
            return seq;
        });
        return missed[0];
    }

    /** The origin left the cluster: stop tracking it (its id never comes back after a restart). */
    void forget(String origin) {
        last.remove(origin);
    }

    /** Origins tracked now. */
    int tracked() {
        return last.size();
    }
}
