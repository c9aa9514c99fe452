package dev.hibiki.hub;

/**
 * The other nodes of the hub as the hub sees them: what they count and how a hub-wide frame
 * reaches their connections. A single node has none ({@link SingleNode}, the default); cluster mode
 * provides the Redis implementation ({@code dev.hibiki.cluster.RedisNodes}). The hub calls it the
 * same way in both modes and never asks which one it runs in.
 */
public interface OtherNodes {

    /** Connections open on the other nodes. */
    int connections();

    /** Carries a hub-wide frame, encoded once, to the other nodes' connections except {@code except}. */
    void relay(Encoded frame, Client except);
}
