package dev.hibiki.messaging;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Command;
import dev.hibiki.hub.Outbound;
import jakarta.enterprise.context.ApplicationScoped;

/** `disconnect`: the server closes the connection normally (1000). */
@ApplicationScoped
public class DisconnectCommand implements Command<JsonNode> {

    @Override
    public String type() {
        return "disconnect";
    }

    @Override
    public Class<JsonNode> frame() {
        return JsonNode.class;
    }

    @Override
    public Outbound handle(Client from, JsonNode frame) {
        from.close(1000, "bye");
        return null;
    }
}
