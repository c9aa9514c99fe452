package dev.hibiki.hub;

import com.fasterxml.jackson.annotation.JsonTypeName;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A frame that is already JSON: {@link Json#encode(Outbound)} hands it back as is. Lets a frame
 * that was encoded once (to relay it to other nodes, or received from one) be delivered without
 * encoding it again. {@code type} is the frame's {@code type}, for metrics.
 */
@RegisterForReflection // an Outbound like any frame, though Json never hands it to Jackson
public record Encoded(String type, String json) implements Outbound {

    /** The already encoded form of {@code frame}. */
    public static Encoded of(Outbound frame, String json) {
        JsonTypeName name = frame.getClass().getAnnotation(JsonTypeName.class);
        return new Encoded(name != null ? name.value() : frame.getClass().getSimpleName(), json);
    }
}
