package dev.hibiki.hub;

/**
 * Fired when the hub can serve only part of what it offers, and again when it is whole: in cluster
 * mode while Redis is unreachable this node serves its own clients only. Readiness reports it
 * ({@code dev.hibiki.ops.HubReadiness}); whoever fires it does not know who listens.
 *
 * @param degraded true while degraded
 * @param reason what is missing, or null when whole again
 */
public record Degradation(boolean degraded, String reason) {
}
