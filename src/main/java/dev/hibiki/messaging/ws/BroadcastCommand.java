package dev.hibiki.messaging.ws;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.messaging.Announcer;
import dev.hibiki.hub.Client;
import dev.hibiki.hub.DeclaredCommand;
import dev.hibiki.hub.Outbound;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

/** `broadcast {text?, data?, self?}`: to every connection, or every other one with self false. */
@ApplicationScoped
public class BroadcastCommand extends DeclaredCommand<BroadcastCommand.Frame> {

    @RegisterForReflection
    public record Frame(String text, JsonNode data, Boolean self) {
    }

    private final Announcer announcer;

    BroadcastCommand(Announcer announcer) {
        super("broadcast", Frame.class);
        this.announcer = announcer;
    }

    @Override
    public Outbound handle(Client from, Frame frame) {
        boolean self = frame.self() == null || frame.self();
        announcer.broadcast(from.who(), frame.text(), frame.data(), self ? null : from);
        return null;
    }
}
