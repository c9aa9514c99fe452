package dev.hibiki.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.hub.Client;
import dev.hibiki.hub.ClientOpened;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.HubException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Connects the text documents to the hub: changes reach the author as {@code text_ack} and every
 * other connection as {@code text_op}, in revision order for each connection (docs/TEXT.md,
 * "Ordering guarantees"). Where the documents live is the {@link TextBackend}'s business: this
 * node's memory, or the log shared through Redis in cluster mode (docs/CLUSTER.md).
 */
@ApplicationScoped
public class TextService {

    private final TextStore store;
    private final TextBackend backend;

    public TextService(TextStore store, Instance<TextBackend> backends) {
        this.store = store;
        this.backend = backends.get();
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
        guard(() -> {
            backend.sendText(to, doc, re);
            return null;
        });
    }

    /** Reads an op in its JSON form within the configured op limits. */
    public TextOp parseOp(JsonNode op) {
        TextConfig config = store.config();
        return guard(() -> TextOp.fromJson(op, config.maxOpComponents(), config.maxOpInsert()));
    }

    /** An op from a WebSocket client, made against {@code baseRev}. */
    public CompletionStage<TextChange> submit(Client from, String doc, long baseRev, TextOp op, JsonNode re) {
        return guardAsync(() -> backend.submit(from, doc, baseRev, op, re));
    }

    /** {@code text_set} from a WebSocket client. */
    public CompletionStage<TextChange> replace(Client from, String doc, String text, JsonNode re) {
        return guardAsync(() -> backend.replace(from, doc, text, re));
    }

    /** A replacement through REST: everyone sees it as an op from the server. */
    public CompletionStage<TextChange> replace(String doc, String text, OptionalLong expectedRev) {
        return guardAsync(() -> backend.replace(doc, text, expectedRev));
    }

    public CompletionStage<TextSnapshot> snapshot(String doc) {
        return guardAsync(() -> backend.snapshot(doc));
    }

    public TextStore store() {
        return store;
    }

    /** Runs {@code action}, turning the engine's refusals into the hub's errors. */
    static <T> T guard(Supplier<T> action) {
        try {
            return action.get();
        } catch (TextException e) {
            throw hubError(e);
        }
    }

    /** Like {@link #guard}, for refusals thrown at once and refusals the stage completes with. */
    static <T> CompletionStage<T> guardAsync(Supplier<CompletionStage<T>> action) {
        return guard(action).handle((value, error) -> {
            if (error == null) {
                return value;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            throw cause instanceof TextException e ? hubError(e)
                    : cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
    }

    private static HubException hubError(TextException e) {
        return new HubException(ErrorCode.valueOf(e.kind().name()), e.getMessage());
    }
}
