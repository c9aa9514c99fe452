package dev.hibiki.text.ws;

import dev.hibiki.hub.AsyncCommand;
import dev.hibiki.hub.Client;
import dev.hibiki.hub.DeclaredCommand;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Outbound;
import dev.hibiki.text.TextMessages.TextOpIn;
import dev.hibiki.text.TextOp;
import dev.hibiki.text.TextService;
import dev.hibiki.text.TextStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CompletionStage;

/**
 * {@code text_op {doc, rev, op}}: the ack and the broadcast are sent by {@link TextService} in
 * revision order, so the only direct answer is an error (at once, or once the cluster refused it).
 */
@ApplicationScoped
public class TextOpCommand extends DeclaredCommand<TextOpIn> implements AsyncCommand<TextOpIn> {

    private final TextService text;

    public TextOpCommand(TextService text) {
        super("text_op", TextOpIn.class);
        this.text = text;
    }

    @Override
    public CompletionStage<Outbound> handleAsync(Client from, TextOpIn frame) {
        if (frame.rev() == null) {
            throw new HubException(ErrorCode.BAD_MESSAGE, "text_op needs rev, the revision the op was made against");
        }
        TextOp op = text.parseOp(frame.op());
        return text.submit(from, frame.doc() != null ? frame.doc() : TextStore.DEFAULT_DOC, frame.rev(), op, frame.id())
                .thenApply(change -> null);
    }
}
