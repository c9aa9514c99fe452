package dev.hibiki.cluster;

import com.fasterxml.jackson.annotation.JsonTypeName;

import dev.hibiki.hub.Outbound;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Tells a client that this node missed {@code frames} hub-wide frames (broadcasts, notifications,
 * presence, ticks) of another node, which will not come: the hub channel keeps no history to
 * replay them from (docs/PROTOCOL.md, "missed"). Cluster mode only.
 */
@JsonTypeName("missed")
@RegisterForReflection
public record MissedFrames(String scope, long frames) implements Outbound {

    static final String HUB = "hub";

    static MissedFrames hub(long frames) {
        return new MissedFrames(HUB, frames);
    }
}
