package dev.hibiki.cluster;

/**
 * Fired on this node when its state must be announced again: its Redis link came up (after an
 * outage when {@code reconnected}) or a peer said hello. Features republish their node-local
 * state and reload what they may have missed.
 */
public record ClusterResync(boolean reconnected) {
}
