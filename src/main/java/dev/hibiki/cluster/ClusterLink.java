package dev.hibiki.cluster;

/**
 * Fired when this node's link to Redis comes up or goes down, for readiness reporting
 * ({@code dev.hibiki.ops.HubReadiness} observes it; the cluster does not know who listens).
 *
 * @param reason why the link is down, or null when it is up
 */
public record ClusterLink(boolean up, String reason) {
}
