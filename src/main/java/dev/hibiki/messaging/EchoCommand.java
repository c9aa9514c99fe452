package dev.hibiki.messaging;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Command;
import dev.hibiki.hub.Frames;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Outbound;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

/** `echo {text}`: the text back to the sender with how many frames it has sent so far. */
@ApplicationScoped
public class EchoCommand implements Command<EchoCommand.Frame> {

    @RegisterForReflection
    public record Frame(String text) {
    }

    @Override
    public String type() {
        return "echo";
    }

    @Override
    public Class<Frame> frame() {
        return Frame.class;
    }

    @Override
    public Outbound handle(Client from, Frame frame) {
        if (frame.text() == null) {
            throw HubException.badMessage("echo needs text");
        }
        return new Frames.Echo(frame.text(), from.frames(), Frames.now());
    }
}
