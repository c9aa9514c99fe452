package dev.hibiki.text.ws;

import dev.hibiki.hub.AsyncCommand;
import dev.hibiki.hub.Client;
import dev.hibiki.hub.DeclaredCommand;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Outbound;
import dev.hibiki.text.TextMessages.TextSet;
import dev.hibiki.text.TextService;
import dev.hibiki.text.TextStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CompletionStage;

/** {@code text_set {doc, text}}: answered like an op ({@code text_ack}, {@code text_op} to the others). */
@ApplicationScoped
public class TextSetCommand extends DeclaredCommand<TextSet> implements AsyncCommand<TextSet> {

    private final TextService text;

    public TextSetCommand(TextService text) {
        super("text_set", TextSet.class);
        this.text = text;
    }

    @Override
    public CompletionStage<Outbound> handleAsync(Client from, TextSet frame) {
        if (frame.text() == null) {
            throw new HubException(ErrorCode.BAD_MESSAGE, "text_set needs text");
        }
        return text.replace(from, frame.doc() != null ? frame.doc() : TextStore.DEFAULT_DOC, frame.text(), frame.id())
                .thenApply(change -> null);
    }
}
