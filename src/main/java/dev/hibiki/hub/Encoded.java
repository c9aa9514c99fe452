package dev.hibiki.hub;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A frame that is already JSON: {@link Json#encode(Outbound)} hands it back as is. Lets a frame
 * that was encoded once (to relay it to other nodes) be delivered locally without encoding again.
 */
@RegisterForReflection // an Outbound like any frame, though Json never hands it to Jackson
public record Encoded(String json) implements Outbound {
}
