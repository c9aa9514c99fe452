package dev.hibiki.cluster;

/** Redis cannot be reached right now: the cluster-wide part of an operation cannot be done. */
public class ClusterUnavailable extends RuntimeException {

    public ClusterUnavailable(String message) {
        super(message, null, false, false);
    }
}
