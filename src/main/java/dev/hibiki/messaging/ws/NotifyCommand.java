package dev.hibiki.messaging.ws;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hibiki.messaging.Announcer;
import dev.hibiki.hub.Client;
import dev.hibiki.hub.DeclaredCommand;
import dev.hibiki.hub.Outbound;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

/** `notify {title, body?, icon?, tag?, data?}`: a system notification on every connection. */
@ApplicationScoped
public class NotifyCommand extends DeclaredCommand<NotifyCommand.Frame> {

    @RegisterForReflection
    public record Frame(String title, String body, String icon, String tag, JsonNode data) {
    }

    private final Announcer announcer;

    NotifyCommand(Announcer announcer) {
        super("notify", Frame.class);
        this.announcer = announcer;
    }

    @Override
    public Outbound handle(Client from, Frame frame) {
        announcer.notify(from.who(), frame.title(), frame.body(), frame.icon(), frame.tag(), frame.data());
        return null;
    }
}
