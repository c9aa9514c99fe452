package dev.hibiki.messaging.ws;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.DeclaredCommand;
import dev.hibiki.hub.Frames;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Outbound;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

/** `echo {text}`: the text back to the sender with how many frames it has sent so far. */
@ApplicationScoped
public class EchoCommand extends DeclaredCommand<EchoCommand.Frame> {

    EchoCommand() {
        super("echo", Frame.class);
    }

    @RegisterForReflection
    public record Frame(String text) {
    }

    @Override
    public Outbound handle(Client from, Frame frame) {
        if (frame.text() == null) {
            throw HubException.badMessage("echo needs text");
        }
        return new Frames.Echo(frame.text(), from.frames(), Frames.now());
    }
}
