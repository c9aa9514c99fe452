package dev.hibiki.messaging;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.Command;
import dev.hibiki.hub.Frames;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Outbound;
import dev.hibiki.status.StatusService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * `command {command: "status" | "ping"}`: the fifth seed app's command-line client asks this way;
 * answered like `status` and `ping`.
 */
@ApplicationScoped
public class CommandCommand implements Command<CommandCommand.Frame> {

    @RegisterForReflection
    public record Frame(String command) {
    }

    private final StatusService status;

    CommandCommand(StatusService status) {
        this.status = status;
    }

    @Override
    public String type() {
        return "command";
    }

    @Override
    public Class<Frame> frame() {
        return Frame.class;
    }

    @Override
    public Outbound handle(Client from, Frame frame) {
        if (frame.command() == null) {
            throw HubException.badMessage("command needs a command: status or ping");
        }
        return switch (frame.command()) {
            case "status" -> status.status();
            case "ping" -> new Frames.Pong(null, Frames.now());
            default -> throw HubException.badMessage("unknown command: " + (frame.command().length() > 40
                    ? frame.command().substring(0, 40) + "…" : frame.command()) + " (status or ping)");
        };
    }
}
