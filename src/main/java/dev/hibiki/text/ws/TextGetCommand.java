package dev.hibiki.text.ws;

import dev.hibiki.hub.Client;
import dev.hibiki.hub.DeclaredCommand;
import dev.hibiki.hub.Outbound;
import dev.hibiki.text.TextMessages.TextGet;
import dev.hibiki.text.TextService;
import dev.hibiki.text.TextStore;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code text_get {doc}} → {@code text {doc, rev, text}}. */
@ApplicationScoped
public class TextGetCommand extends DeclaredCommand<TextGet> {

    private final TextService text;

    public TextGetCommand(TextService text) {
        super("text_get", TextGet.class);
        this.text = text;
    }

    @Override
    public Outbound handle(Client from, TextGet frame) {
        // Sent by the service rather than returned, so it leaves in order with the document's ops.
        text.sendText(from, frame.doc() != null ? frame.doc() : TextStore.DEFAULT_DOC, frame.id());
        return null;
    }
}
