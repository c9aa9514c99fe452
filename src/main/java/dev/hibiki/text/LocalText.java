package dev.hibiki.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.hub.Client;
import dev.hibiki.hub.Hub;
import dev.hibiki.hub.Who;
import io.quarkus.arc.lookup.LookupUnlessProperty;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The documents of a single node, in memory ({@link TextStore}): every change is decided, applied
 * and sent while its document is locked, so acks and broadcasts leave in revision order.
 */
@ApplicationScoped
@LookupUnlessProperty(name = "hibiki.cluster.mode", stringValue = "redis", lookupIfMissing = true)
public class LocalText implements TextBackend {

    private final TextStore store;
    private final Hub hub;

    LocalText(TextStore store, Hub hub) {
        this.store = store;
        this.hub = hub;
    }

    @Override
    public void sendText(Client to, String doc, JsonNode re) {
        long maxBytes = store.config().maxBytes();
        store.snapshot(doc, s -> to.reply(TextMessages.textOrRefusal(s, maxBytes), re));
    }

    @Override
    public CompletionStage<TextChange> submit(Client from, String doc, long baseRev, TextOp op, JsonNode re) {
        return CompletableFuture.completedFuture(store.submit(doc, baseRev, op, change -> publish(change, from, re)));
    }

    @Override
    public CompletionStage<TextChange> replace(Client from, String doc, String text, JsonNode re) {
        return CompletableFuture.completedFuture(
                store.replace(doc, text, OptionalLong.empty(), change -> publish(change, from, re)));
    }

    @Override
    public CompletionStage<TextChange> replace(String doc, String text, OptionalLong expectedRev) {
        return CompletableFuture.completedFuture(store.replace(doc, text, expectedRev, change -> publish(change, null, null)));
    }

    @Override
    public CompletionStage<TextSnapshot> snapshot(String doc) {
        return CompletableFuture.completedFuture(store.snapshot(doc));
    }

    private void publish(TextChange change, Client author, JsonNode re) {
        Who who = author != null ? author.who() : Who.SERVER;
        if (author != null) {
            author.reply(new TextMessages.TextAck(change.doc(), change.rev()), re);
        }
        hub.everyone(new TextMessages.TextOpOut(change.doc(), change.rev(), change.op(), who), author);
    }
}
