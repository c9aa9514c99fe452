package dev.hibiki.status;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Command;
import dev.hibiki.hub.Outbound;
import jakarta.enterprise.context.ApplicationScoped;

/** `status`: the hub's figures to the sender. */
@ApplicationScoped
public class StatusCommand implements Command<JsonNode> {

    private final StatusService status;

    StatusCommand(StatusService status) {
        this.status = status;
    }

    @Override
    public String type() {
        return "status";
    }

    @Override
    public Class<JsonNode> frame() {
        return JsonNode.class;
    }

    @Override
    public Outbound handle(Client from, JsonNode frame) {
        return status.status();
    }
}
