package dev.hibiki.presence;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonTypeName;

import dev.hibiki.hub.Outbound;
import dev.hibiki.hub.Who;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Hub-wide presence frames (docs/PROTOCOL.md, "Presence"). */
public final class PresenceFrames {

    private PresenceFrames() {
    }

    /** A single change: {@code event} is {@code connect} or {@code disconnect}. */
    @JsonTypeName("presence")
    @RegisterForReflection
    public record Notice(String event, Who who) implements Outbound {
    }

    /** Several changes of one window, in order; {@code omitted} counts names past the lists' cap. */
    @JsonTypeName("presence_batch")
    @RegisterForReflection
    public record Batch(List<Who> joined, List<Who> left, Integer omitted) implements Outbound {
    }
}
