package dev.hibiki.cluster;

/** A peer stopped heart-beating for {@code hibiki.cluster.node-timeout}: forget what it held. */
public record NodeLeft(String instance) {
}
