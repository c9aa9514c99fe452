package dev.hibiki.text.cluster;

import dev.hibiki.cluster.Cluster;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This node's view of the cluster's documents (docs/CLUSTER.md, "Shared text across nodes"): which
 * ones it knows are in the set of document names, and its subscription to each one's channel.
 * Every node subscribes every document's channel, because every connection hears every
 * document's ops; a document's ops no longer pass through the hub channel.
 *
 * <p>Order, as for rooms: each time Redis confirms a document's subscription, {@code confirmed}
 * runs, and the node reads that document's log again, so no op can fall between a read of the log
 * and the live channel.
 */
final class Documents {

    private static final Logger LOG = Logger.getLogger(Documents.class);

    private final Cluster cluster;
    private final RedisTextLog log;
    private final Consumer<String> confirmed;
    /** Documents known to be in the set: written without registering them first. */
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    /** Each followed document's subscription, completed once Redis confirmed it. */
    private final Map<String, CompletableFuture<Void>> channels = new ConcurrentHashMap<>();

    /** @param confirmed told a document's name once its channel subscription is confirmed */
    Documents(Cluster cluster, RedisTextLog log, Consumer<String> confirmed) {
        this.cluster = cluster;
        this.log = log;
        this.confirmed = confirmed;
    }

    /**
     * Reads the set of documents and follows each (startup, Redis back, a peer joined): a node
     * started after a document was created hears it from then on.
     */
    void followAll() {
        log.documents().whenComplete((names, error) -> {
            if (error != null) {
                LOG.debugf("text: reading the documents failed (read again at the next resync): %s", error.getMessage());
                return;
            }
            // Forget what the set no longer has (Redis lost it): the next write registers it again.
            registered.retainAll(Set.copyOf(names));
            registered.addAll(names);
            names.forEach(this::follow);
        });
    }

    /** A {@code text-doc} notice: some node (this one too) added a document. */
    void added(String doc) {
        registered.add(doc);
        follow(doc);
    }

    /**
     * Runs before a write that may create {@code doc}: registers it unless known, then subscribes
     * its channel, so the op comes back to this node's copy through it. Completes false when
     * {@code hibiki.text.max-documents} refuses the document; fails when Redis does.
     *
     * @param restoring a seed after Redis lost the document: registered again even over the limit
     */
    CompletionStage<Boolean> beforeWrite(String doc, boolean restoring) {
        CompletionStage<Boolean> known = registered.contains(doc) && !restoring
                ? CompletableFuture.completedFuture(true)
                : log.register(doc, restoring);
        return known.thenCompose(ok -> {
            if (!ok) {
                return CompletableFuture.completedFuture(false);
            }
            registered.add(doc);
            // An unconfirmed subscription (Redis down or slow) is made again on reconnect; the write
            // goes on all the same, and an op the channel does not bring is read from the log.
            return follow(doc).handle((v, e) -> true);
        });
    }

    /** Subscribes the document's channel unless it is (being) subscribed already. */
    private CompletionStage<Void> follow(String doc) {
        CompletableFuture<Void> fresh = new CompletableFuture<>();
        CompletableFuture<Void> current = channels.compute(doc,
                (d, old) -> old == null || old.isCompletedExceptionally() ? fresh : old);
        if (current != fresh) {
            return current;
        }
        cluster.subscribe(log.channel(doc)).onComplete(subscribed -> {
            if (subscribed.succeeded()) {
                confirmed.accept(doc);
                fresh.complete(null);
            } else {
                LOG.debugf("text: subscribing the channel of '%s' failed (subscribed on reconnect): %s", doc,
                        subscribed.cause().getMessage());
                fresh.completeExceptionally(subscribed.cause());
            }
        });
        return fresh;
    }
}
