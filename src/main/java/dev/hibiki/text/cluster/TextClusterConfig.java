package dev.hibiki.text.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The shared text in cluster mode ({@code hibiki.text.cluster.*}); documented in docs/CONFIGURATION.md. */
@ConfigMapping(prefix = "hibiki.text.cluster")
public interface TextClusterConfig {

    /**
     * Every this many revisions the op that makes them also stores the whole text in Redis, so a
     * node that joins or fell behind loads one snapshot plus fewer ops than this. Lower costs more
     * Redis traffic on large documents. Capped at half of {@code hibiki.text.history}, which is also
     * how many ops Redis keeps per document.
     */
    @WithDefault("100")
    int snapshotEvery();

    /**
     * How long an edit may wait for Redis and for this node to catch up with the others before it
     * is answered with an error (the edit may still have been applied: the client fetches the text).
     */
    @WithDefault("10s")
    Duration timeout();

    /** How often an edit is transformed again and re-proposed when edits through other nodes got in first. */
    @WithDefault("50")
    int retries();
}
