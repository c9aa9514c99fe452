package dev.hibiki.cluster;

/** A peer was heard from for the first time (or again after it was given up for dead). */
public record NodeJoined(String instance) {
}
