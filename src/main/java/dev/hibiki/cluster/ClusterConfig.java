package dev.hibiki.cluster;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Cluster mode: several Hibiki replicas behaving as one hub through Redis. Every key is listed in
 * docs/CONFIGURATION.md and explained in docs/CLUSTER.md.
 */
@ConfigMapping(prefix = "hibiki.cluster")
public interface ClusterConfig {

    enum Mode {
        /** One node, everything in memory; nothing touches Redis. */
        LOCAL,
        /** Replicas joined through the Redis at {@code quarkus.redis.hosts}. */
        REDIS
    }

    @WithDefault("local")
    Mode mode();

    /** Prefix of every Redis key and of the pub/sub channel, so several hubs can share a Redis. */
    @WithDefault("hibiki")
    String prefix();

    /**
     * Partitions rooms are spread over: each has a precomputed hash tag aimed at its own share of
     * Redis Cluster's 16384 slots, and a room's keys and channel carry its partition's tag. All
     * nodes of a hub must use the same value; changing it moves every room (its history starts over).
     */
    @WithDefault("128")
    int partitions();

    /** How long a node stays subscribed to a room channel after its last local member left. */
    @WithDefault("1s")
    Duration unsubscribeDelay();

    /** How often a node tells the others it is alive and how many connections it holds. */
    @WithDefault("2s")
    Duration heartbeat();

    /**
     * A peer not heard from for this long is dead (killed, partitioned, or cut off from Redis):
     * its connections and room members stop being counted.
     */
    @WithDefault("6s")
    Duration nodeTimeout();

    /** First wait before reconnecting to Redis; doubles on each failure up to {@link #reconnectMax()}. */
    @WithDefault("250ms")
    Duration reconnectMin();

    @WithDefault("5s")
    Duration reconnectMax();

    /** A Redis command not answered within this time counts as Redis being down. */
    @WithDefault("3s")
    Duration commandTimeout();
}
