package dev.hibiki.hub;

/**
 * A frame that is already JSON: {@link Json#encode(Outbound)} hands it back as is. Lets a frame
 * that was encoded once (to relay it to other nodes) be delivered locally without encoding again.
 */
public record Encoded(String json) implements Outbound {
}
