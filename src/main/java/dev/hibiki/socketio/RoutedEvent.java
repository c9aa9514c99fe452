package dev.hibiki.socketio;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.hub.Outbound;
import dev.hibiki.hub.Who;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A Socket.IO event routed through the hub by a configured route: Socket.IO sockets get it as the
 * event itself, {@code /ws} clients as {@code {"type":"event","event":…,"data":…,"from":…}}.
 */
@JsonTypeName("event")
@RegisterForReflection // sent through the hub's fan-out, outside any @OnTextMessage return
public record RoutedEvent(String event, JsonNode data, Who from, String ts) implements Outbound {
}
