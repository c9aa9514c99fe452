/**
 * Cluster mode's core ({@code hibiki.cluster.mode=redis}): the Redis link, envelopes on the bus,
 * nodes and their counts, the relay of hub-wide frames ({@link dev.hibiki.cluster.RedisNodes}).
 * Inert in local mode: the Redis client is never looked up.
 */
package dev.hibiki.cluster;
