package dev.hibiki.cluster;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last hub-wide frame seen from each other node, by the per-origin seq {@link Relay} stamps on
 * every relayed frame. The hub channel keeps no history, so a gap cannot be refilled: it can only
 * be counted, and the clients told. Each origin's frames arrive in order over one connection, so
 * a seq past the next one means frames were lost in between (a dropped subscription, a failover
 * of the hub slot's primary, the origin's Redis outage), never that they are still on the way.
 * Called for every hub-wide frame on the subscriber's loop; the lock is uncontended but for the
 * rare {@link #forget}.
 */
final class OriginGaps {

    /**
     * Origins that left, with their last seq, kept this many. A node that did not hear a peer for
     * {@code node-timeout} counts it as left, and that is also what this node's own lost
     * subscription (a failover of the hub slot) looks like: when the peer is heard again, the
     * frames it sent meanwhile are counted as missed instead of passing unnoticed. A process that
     * really ended never comes back (its id has a random part), so the oldest are dropped.
     */
    static final int DEPARTED_KEPT = 256;

    private final Map<String, Long> live = new HashMap<>();
    private final Map<String, Long> departed = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > DEPARTED_KEPT;
        }
    };

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

    private synchronized long seen(String origin, long seq) {
        Long before = live.put(origin, seq);
        if (before == null) {
            before = departed.remove(origin); // heard again after it was counted as left
        }
        return before != null && seq > before + 1 ? seq - before - 1 : 0;
    }

    /** The origin left the cluster (or went silent): it is no longer tracked as live. */
    synchronized void forget(String origin) {
        Long last = live.remove(origin);
        if (last != null) {
            departed.put(origin, last);
        }
    }

    /** Live origins tracked now. */
    synchronized int tracked() {
        return live.size();
    }
}
