package dev.hibiki.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.hub.Client;
import dev.hibiki.hub.ClientOpened;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.Hub;
import dev.hibiki.hub.HubException;
import dev.hibiki.hub.Who;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Connects the text documents to the hub: changes reach the author as {@code text_ack} and every
 * other connection as {@code text_op}, sent while the document is locked so that each connection
 * sees one document's revisions in order (docs/TEXT.md, "Ordering guarantees").
 */
@ApplicationScoped
public class TextService {

    private final TextStore store;
    private final Hub hub;

    public TextService(TextStore store, Hub hub) {
        this.store = store;
        this.hub = hub;
    }

    /** Every new connection starts with the default document. */
    void onOpen(@Observes ClientOpened opened) {
        sendText(opened.client(), TextStore.DEFAULT_DOC, null);
    }

    /**
     * Sends {@code text {doc, rev, text}} to one client, in order with the document's changes.
     *
     * @param re the request's {@code id}, or null
     */
    public void sendText(Client to, String doc, JsonNode re) {
        guard(() -> store.snapshot(doc, s -> to.reply(TextMessages.Text.of(s), re)));
    }

    /** Reads an op in its JSON form within the configured op limits. */
    public TextOp parseOp(JsonNode op) {
        TextConfig config = store.config();
        return guard(() -> TextOp.fromJson(op, config.maxOpComponents(), config.maxOpInsert()));
    }

    /** An op from a WebSocket client, made against {@code baseRev}. */
    public TextChange submit(Client from, String doc, long baseRev, TextOp op, JsonNode re) {
        return guard(() -> store.submit(doc, baseRev, op, change -> publish(change, from, re)));
    }

    /** {@code text_set} from a WebSocket client. */
    public TextChange replace(Client from, String doc, String text, JsonNode re) {
        return guard(() -> store.replace(doc, text, OptionalLong.empty(), change -> publish(change, from, re)));
    }

    /** A replacement through REST: everyone sees it as an op from the server. */
    public TextChange replace(String doc, String text, OptionalLong expectedRev) {
        return guard(() -> store.replace(doc, text, expectedRev, change -> publish(change, null, null)));
    }

    public TextSnapshot snapshot(String doc) {
        return guard(() -> store.snapshot(doc));
    }

    public TextStore store() {
        return store;
    }

    private void publish(TextChange change, Client author, JsonNode re) {
        Who who = author != null ? author.who() : Who.SERVER;
        if (author != null) {
            author.reply(new TextMessages.TextAck(change.doc(), change.rev()), re);
        }
        hub.everyone(new TextMessages.TextOpOut(change.doc(), change.rev(), change.op(), who), author);
    }

    /** Runs {@code action}, turning the engine's refusals into the hub's errors. */
    static <T> T guard(Supplier<T> action) {
        try {
            return action.get();
        } catch (TextException e) {
            throw new HubException(ErrorCode.valueOf(e.kind().name()), e.getMessage());
        }
    }
}
