package dev.hibiki.messaging.ws;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.messaging.Announcer;
import dev.hibiki.hub.Client;
import dev.hibiki.hub.DeclaredCommand;
import dev.hibiki.hub.Outbound;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * `broadcast {text?, data?, self?}`: to every connection, or every other one with self false.
 * `content` is accepted for text (a string) or data (anything else): the fifth seed app's command-line
 * client sends `{"type":"broadcast","content":...}`.
 */
@ApplicationScoped
public class BroadcastCommand extends DeclaredCommand<BroadcastCommand.Frame> {

    @RegisterForReflection
    public record Frame(String text, JsonNode data, Boolean self, JsonNode content) {
    }

    private final Announcer announcer;

    BroadcastCommand(Announcer announcer) {
        super("broadcast", Frame.class);
        this.announcer = announcer;
    }

    @Override
    public Outbound handle(Client from, Frame frame) {
        boolean self = frame.self() == null || frame.self();
        String text = frame.text();
        JsonNode data = frame.data();
        JsonNode content = frame.content();
        if (text == null && data == null && content != null && !content.isNull()) {
            if (content.isTextual()) {
                text = content.textValue();
            } else {
                data = content;
            }
        }
        announcer.broadcast(from.who(), text, data, self ? null : from);
        return null;
    }
}
