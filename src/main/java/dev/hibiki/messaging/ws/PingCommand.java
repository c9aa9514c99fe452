package dev.hibiki.messaging.ws;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.DeclaredCommand;
import dev.hibiki.hub.Frames;
import dev.hibiki.hub.Outbound;
import jakarta.enterprise.context.ApplicationScoped;

/** `ping {t?}`: `pong` with {@code t} unchanged, for the client to measure its round trip. */
@ApplicationScoped
public class PingCommand extends DeclaredCommand<JsonNode> {

    PingCommand() {
        super("ping", JsonNode.class);
    }

    @Override
    public Outbound handle(Client from, JsonNode frame) {
        return new Frames.Pong(frame.get("t"), Frames.now());
    }
}
