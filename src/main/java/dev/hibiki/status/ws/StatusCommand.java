package dev.hibiki.status.ws;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.status.StatusService;
import dev.hibiki.hub.Client;
import dev.hibiki.hub.DeclaredCommand;
import dev.hibiki.hub.Outbound;
import jakarta.enterprise.context.ApplicationScoped;

/** `status`: the hub's figures to the sender. */
@ApplicationScoped
public class StatusCommand extends DeclaredCommand<JsonNode> {

    private final StatusService status;

    StatusCommand(StatusService status) {
        super("status", JsonNode.class);
        this.status = status;
    }

    @Override
    public Outbound handle(Client from, JsonNode frame) {
        return status.status();
    }
}
