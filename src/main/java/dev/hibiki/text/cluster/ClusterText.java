package dev.hibiki.text.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.cluster.Cluster;
import dev.hibiki.cluster.ClusterResync;
import dev.hibiki.cluster.Envelope;
import dev.hibiki.hub.Client;
import dev.hibiki.hub.Connections;
import dev.hibiki.hub.Encoded;
import dev.hibiki.hub.FanOut;
import dev.hibiki.hub.Json;
import dev.hibiki.hub.Who;
import dev.hibiki.text.TextJournal;
import dev.hibiki.text.TextBackend;
import dev.hibiki.text.TextChange;
import dev.hibiki.text.TextConfig;
import dev.hibiki.text.TextDocument;
import dev.hibiki.text.TextException;
import dev.hibiki.text.TextMessages;
import dev.hibiki.text.TextOp;
import dev.hibiki.text.TextSnapshot;
import dev.hibiki.text.TextStore;
import dev.hibiki.text.cluster.TextLog.Appended;
import dev.hibiki.text.cluster.TextLog.Entry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared text in cluster mode (docs/CLUSTER.md, "Shared text across nodes"). Redis holds each
 * document's log and decides the order of all edits; every node keeps a {@link Replica} that follows
 * the log, and sends {@code text_op}/{@code text_ack} to its own connections (through the fan-out) only as its replica
 * applies them, so each connection still sees one document's revisions in order. Each document's
 * log and channel live in the document's own slot; every node subscribes every document's channel
 * ({@link Documents}).
 *
 * <p>An edit is transformed onto the replica's revision and appended only if the log is still at that
 * revision; if edits through other nodes got in first, it waits for them, is transformed over them and
 * proposed again. Its author is acknowledged when the replica applies it, in its place among the others.
 * While Redis is down, edits are refused (nothing can order them) and reads serve the replica.
 */
@ApplicationScoped
@LookupIfProperty(name = "hibiki.cluster.mode", stringValue = "redis")
public class ClusterText implements TextBackend {

    private static final Logger LOG = Logger.getLogger(ClusterText.class);
    /** An appended op not heard on the bus within this time is read from the log instead. */
    private static final long LATE_MILLIS = 200;
    static final String UNAVAILABLE = "shared text unavailable: Redis is down";

    private final TextStore store;
    private final TextConfig config;
    private final TextClusterConfig clusterConfig;
    private final Cluster cluster;
    private final Connections connections;
    private final FanOut fanOut;
    private final Json json;
    private final Vertx vertx;
    private final TextJournal persistence;
    private final TextLog log;
    private final Documents documents;
    private final int snapshotEvery;
    private final Map<String, Replica> replicas = new ConcurrentHashMap<>();
    /** Edits of this node's clients appended or about to be, by op id, until their replica applies them. */
    private final Map<String, Attempt> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean restored = new AtomicBoolean();

    ClusterText(TextStore store, TextClusterConfig clusterConfig, Cluster cluster, Connections connections,
            FanOut fanOut, Json json, Vertx vertx, TextJournal persistence) {
        this.store = store;
        this.config = store.config();
        this.clusterConfig = clusterConfig;
        this.cluster = cluster;
        this.connections = connections;
        this.fanOut = fanOut;
        this.json = json;
        this.vertx = vertx;
        this.persistence = persistence;
        // The log keeps `history` ops and a snapshot at least every `snapshotEvery`, so a node can
        // always continue from the snapshot.
        this.snapshotEvery = Math.max(1, Math.min(clusterConfig.snapshotEvery(), config.history() / 2));
        RedisTextLog redisLog = new RedisTextLog(cluster, Math.max(config.history(), 2 * snapshotEvery), config.maxDocuments());
        this.documents = new Documents(cluster, redisLog, this::channelConfirmed);
        this.log = new RegisteringTextLog(redisLog, documents);
    }

    /** Listens on the bus before the cluster link opens. */
    void listen(@Observes StartupEvent event) {
        if (!cluster.enabled()) {
            return;
        }
        cluster.on(RedisTextLog.KIND_OP, this::onOp);
        cluster.on(RedisTextLog.KIND_SEED, this::onSeed);
        cluster.on(RedisTextLog.KIND_DOCUMENT, this::onNewDocument);
    }

    /** Redis came (back) up or a peer joined: check every copy against the log. */
    void onResync(@Observes ClusterResync event) {
        if (!cluster.enabled()) {
            return;
        }
        if (restored.compareAndSet(false, true)) {
            // Persistence (node-local): what this node saved seeds the log where Redis has nothing.
            for (TextSnapshot saved : persistence.restoredTexts()) {
                replicas.computeIfAbsent(saved.doc(), doc -> newReplica(doc, saved));
            }
        }
        replica(TextStore.DEFAULT_DOC);
        // Channels subscribed before are confirmed again by now (the link resubscribes before this
        // event); documents new to this node are read once their subscription is confirmed.
        documents.followAll();
        for (Replica r : replicas.values()) {
            if (event.reconnected()) {
                r.resync();
            } else {
                r.fetch();
            }
        }
    }

    private void onOp(Envelope e) {
        if (e.args().size() < 4) {
            return;
        }
        Entry entry = new Entry(Long.parseLong(e.arg(1)), e.arg(2), e.arg(3), e.body());
        while (!replica(e.arg(0)).offer(entry)) {
            // retired just now: the next call makes a fresh copy
        }
    }

    /**
     * A document was created: a copy of it here from now on, as every node keeps one of every
     * document that was edited while it ran. The copy reads the log again once the channel is
     * subscribed ({@link #channelConfirmed}), so the first ops reach it even if they were published
     * before this node subscribed.
     */
    private void onNewDocument(Envelope e) {
        replica(e.arg(0));
        documents.added(e.arg(0));
    }

    /** A document's channel is subscribed (again): its copy reads the log, so no op falls in between. */
    private void channelConfirmed(String doc) {
        Replica r = replicas.get(doc);
        if (r != null) {
            r.fetch();
        }
    }

    private void onSeed(Envelope e) {
        Replica r = replicas.get(e.arg(0));
        if (r != null && !e.arg(2).equals(r.epoch())) {
            r.resync();
        }
    }

    // ---- reads

    @Override
    public void sendText(Client to, String doc, JsonNode re) {
        store.checkName(doc);
        Replica r = replica(doc);
        if (r.loadedOnce() || !cluster.up()) {
            send(r, to, re);
            return;
        }
        // First read of this document on this node: wait for the log, but not longer than an edit would.
        AtomicBoolean once = new AtomicBoolean();
        long timer = vertx.setTimer(clusterConfig.timeout().toMillis(), t -> {
            if (once.compareAndSet(false, true)) {
                send(r, to, re);
            }
        });
        r.whenAt(0, () -> {
            if (once.compareAndSet(false, true)) {
                vertx.cancelTimer(timer);
                send(r, to, re);
            }
        });
    }

    private void send(Replica r, Client to, JsonNode re) {
        while (!r.sendSnapshot(s -> to.reply(TextMessages.textOrRefusal(s, config.maxBytes()), re))) {
            r = replica(r.name()); // retired meanwhile: the current copy answers
        }
        evictIfUnused(r);
    }

    @Override
    public CompletionStage<TextSnapshot> snapshot(String doc) {
        store.checkName(doc);
        Replica r = replica(doc);
        if (!cluster.up()) {
            return CompletableFuture.completedFuture(r.snapshot());
        }
        // Read the log first, so a GET through this node sees what was acknowledged through any node.
        return r.catchUp().thenCompose(v -> {
            if (r.retired()) {
                return snapshot(doc);
            }
            TextSnapshot s = r.snapshot();
            evictIfUnused(r);
            return CompletableFuture.completedFuture(s);
        });
    }

    // ---- edits

    @Override
    public CompletionStage<TextChange> submit(Client from, String doc, long baseRev, TextOp op, JsonNode re) {
        return edit(new Attempt(from, re, doc, new Edit.Op(baseRev, op)));
    }

    @Override
    public CompletionStage<TextChange> replace(Client from, String doc, String text, JsonNode re) {
        return edit(new Attempt(from, re, doc, replacement(text, OptionalLong.empty())));
    }

    @Override
    public CompletionStage<TextChange> replace(String doc, String text, OptionalLong expectedRev) {
        return edit(new Attempt(null, null, doc, replacement(text, expectedRev)));
    }

    private Edit replacement(String text, OptionalLong expectedRev) {
        if (text.length() > config.maxOpInsert()) {
            throw new TextException(TextException.Kind.TOO_LARGE,
                    "text has " + text.length() + " UTF-16 units, the limit is " + config.maxOpInsert());
        }
        return expectedRev.isPresent() ? new Edit.ReplaceAt(expectedRev.getAsLong(), text) : new Edit.Replace(text);
    }

    private CompletionStage<TextChange> edit(Attempt a) {
        store.checkName(a.doc);
        if (!cluster.up()) {
            throw unavailable();
        }
        long timer = vertx.setTimer(clusterConfig.timeout().toMillis(), t -> a.fail(new TextException(
                TextException.Kind.INTERNAL, "shared text unavailable: no answer within " + clusterConfig.timeout()
                        + "; the edit may still have been applied, fetch the text")));
        a.future.whenComplete((c, e) -> {
            vertx.cancelTimer(timer);
            String opId = a.opId;
            if (e != null && opId != null) {
                pending.remove(opId, a); // failed (timed out) while its op may still be on the way
            }
        });
        Replica r = replica(a.doc);
        r.takeTurn(() -> {
            if (a.done()) {
                r.endTurn(); // timed out while waiting for its turn
                return;
            }
            // The next edit goes once this one is applied or failed, off the thread that applied it.
            a.future.whenComplete((c, e) -> vertx.runOnContext(v -> r.endTurn()));
            attempt(r, a);
        });
        return a.future;
    }

    private void attempt(Replica r, Attempt a) {
        if (a.done()) {
            return;
        }
        if (a.edit.needs() > r.rev()) {
            // Based on a revision this node has not seen yet (read through another node): catch up first.
            r.catchUp().thenRun(() -> r.whenAt(0, () -> propose(r, a)));
        } else {
            r.whenAt(0, () -> propose(r, a));
        }
    }

    private void propose(Replica r, Attempt a) {
        if (a.done()) {
            return;
        }
        if (r.retired()) {
            attempt(replica(a.doc), a);
            return;
        }
        if (!cluster.up()) {
            a.fail(unavailable());
            return;
        }
        Replica.Proposed p;
        try {
            p = r.propose(a.edit::propose);
        } catch (TextException e) {
            a.fail(e);
            return;
        } catch (RuntimeException e) {
            a.fail(new TextException(TextException.Kind.BAD_MESSAGE, e.getMessage()));
            return;
        }
        if (p == null) {
            r.whenAt(0, () -> propose(r, a)); // the copy is resyncing
            return;
        }
        a.edit.proposed(p.proposal());
        long baseRev = p.proposal().baseRev();
        long rev = baseRev + 1;
        String opId = cluster.self() + "." + ids.incrementAndGet();
        String frame = json.encode(new TextMessages.TextOpOut(a.doc, rev, p.proposal().op(), a.who()));
        String snapshot = rev % snapshotEvery == 0 ? p.proposal().result() : null;
        a.opId = opId;
        pending.put(opId, a);
        LOG.debugf("text: proposing %s as rev %d of '%s' (epoch '%s', try %d)", opId, rev, a.doc, p.epoch(), a.tries);
        log.append(a.doc, baseRev, p.epoch(), UUID.randomUUID().toString(), opId, frame, snapshot)
                .whenComplete((result, error) -> appended(r, a, opId, p.epoch(), result, error));
    }

    private void appended(Replica r, Attempt a, String opId, String epoch, Appended result, Throwable error) {
        LOG.debugf("text: %s: %s (copy at rev %d)", opId, error != null ? error : result, r.rev());
        if (error != null) {
            pending.remove(opId);
            LOG.debugf("text: append to '%s' failed: %s", a.doc, error.getMessage());
            a.fail(unavailable());
            return;
        }
        switch (result.outcome()) {
            case APPENDED -> vertx.setTimer(LATE_MILLIS, t -> {
                if (pending.containsKey(opId)) {
                    r.fetch(); // the bus lost it (or is slow): read it from the log
                }
            });
            case TOO_MANY_DOCUMENTS -> {
                pending.remove(opId);
                a.fail(new TextException(TextException.Kind.TOO_LARGE,
                        "the cluster already has " + config.maxDocuments() + " documents, the limit is " + config.maxDocuments()));
            }
            case MOVED -> {
                pending.remove(opId);
                if (!a.edit.retries()) {
                    a.fail(new TextException(TextException.Kind.CONFLICT, "document '" + a.doc + "' is at rev "
                            + result.rev() + ", not " + a.edit.needs()));
                } else if (++a.tries > clusterConfig.retries()) {
                    a.fail(new TextException(TextException.Kind.CONFLICT, "document '" + a.doc + "' changed "
                            + a.tries + " times while this edit was proposed; fetch the text again"));
                } else if (result.epoch().equals(epoch) || result.epoch().equals(r.epoch())) {
                    // Edits through other nodes got in first: once the copy has them, transform over them.
                    r.whenAt(result.rev(), () -> propose(r, a));
                    vertx.setTimer(LATE_MILLIS, t -> {
                        if (r.rev() < result.rev()) {
                            r.fetch();
                        }
                    });
                } else {
                    r.resync(); // the log started over (Redis lost it) or this copy is behind another history
                    r.whenAt(0, () -> propose(r, a));
                }
            }
        }
    }

    // ---- the replicas

    private Replica replica(String doc) {
        Replica existing = replicas.get(doc);
        if (existing != null) {
            return existing;
        }
        boolean[] created = new boolean[1];
        Replica r = replicas.computeIfAbsent(doc, d -> {
            created[0] = true;
            return newReplica(d, null);
        });
        if (created[0] && cluster.up()) {
            r.fetch();
        }
        return r;
    }

    private Replica newReplica(String doc, TextSnapshot saved) {
        TextDocument d = new TextDocument(doc, config.maxLength(), config.maxBytes(), config.history(), (change, text) -> {
            try {
                persistence.textApplied(change, text);
            } catch (RuntimeException e) {
                // The log already decided this op; a node-local journal failure must not stop the copy.
                LOG.warnf("text: could not record rev %d of '%s' locally: %s", change.rev(), doc, e.getMessage());
            }
        });
        if (saved != null) {
            d.restore(saved.text(), saved.rev());
        }
        return new Replica(doc, d, log, new Delivery(doc), 4 * config.history());
    }

    /** Forgets the copy of a document nobody ever wrote to, so reads of random names cost no memory. */
    private void evictIfUnused(Replica r) {
        if (TextStore.DEFAULT_DOC.equals(r.name())) {
            return;
        }
        replicas.computeIfPresent(r.name(), (name, current) -> current == r && r.retireIfUnused() ? null : current);
    }

    private static TextException unavailable() {
        return new TextException(TextException.Kind.INTERNAL, UNAVAILABLE);
    }

    /** Delivers what one replica applies to this node's connections. */
    private final class Delivery implements Replica.Sink {
        private final String doc;

        Delivery(String doc) {
            this.doc = doc;
        }

        @Override
        public TextOp parse(Entry entry) {
            try {
                return TextOp.fromJson(json.mapper().readTree(entry.frame()).get("op"), Integer.MAX_VALUE, Integer.MAX_VALUE);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("rev " + entry.rev() + " of '" + doc + "' in the log is not JSON", e);
            }
        }

        @Override
        public void applied(Entry entry, TextChange change) {
            Attempt a = entry.opId() != null ? pending.remove(entry.opId()) : null;
            Client author = null;
            if (a != null && a.claim()) {
                author = a.client;
                if (author != null) {
                    author.reply(new TextMessages.TextAck(doc, change.rev()), a.re);
                }
            } else {
                a = null;
            }
            // Encoded once for every connection here, through the hub's fan-out like any other frame.
            fanOut.recipients(connections.all(), new Encoded("text_op", entry.frame()), author);
            if (a != null) {
                a.future.complete(change);
            }
        }

        @Override
        public void reset(TextSnapshot snapshot) {
            fanOut.recipients(connections.all(), new TextMessages.Text(snapshot.doc(), snapshot.rev(), snapshot.text()), null);
        }
    }

    /** One edit of a local client or of REST, until the log took it or it failed. */
    private static final class Attempt {
        final Client client;
        final JsonNode re;
        final String doc;
        final Edit edit;
        final CompletableFuture<TextChange> future = new CompletableFuture<>();
        private final AtomicBoolean claimed = new AtomicBoolean();
        int tries;
        /** The op id of the latest proposal. */
        volatile String opId;

        Attempt(Client client, JsonNode re, String doc, Edit edit) {
            this.client = client;
            this.re = re;
            this.doc = doc;
            this.edit = edit;
        }

        Who who() {
            return client != null ? client.who() : Who.SERVER;
        }

        /** Only one outcome: applied, or failed (a late application then reaches the author as a plain op). */
        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        boolean done() {
            return claimed.get();
        }

        void fail(TextException e) {
            if (claim()) {
                future.completeExceptionally(e);
            }
        }
    }
}
