package dev.hibiki.messaging.ws;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.DeclaredCommand;
import dev.hibiki.hub.Outbound;
import jakarta.enterprise.context.ApplicationScoped;

/** `disconnect`: the server closes the connection normally (1000). */
@ApplicationScoped
public class DisconnectCommand extends DeclaredCommand<JsonNode> {

    DisconnectCommand() {
        super("disconnect", JsonNode.class);
    }

    @Override
    public Outbound handle(Client from, JsonNode frame) {
        from.close(1000, "bye");
        return null;
    }
}
