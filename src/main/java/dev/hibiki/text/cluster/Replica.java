package dev.hibiki.text.cluster;

import dev.hibiki.text.TextChange;
import dev.hibiki.text.TextDocument;
import dev.hibiki.text.TextOp;
import dev.hibiki.text.TextSnapshot;
import dev.hibiki.text.cluster.TextLog.Entry;
import dev.hibiki.text.cluster.TextLog.Loaded;
import dev.hibiki.text.cluster.TextLog.Seeded;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * This node's copy of one shared document. It changes only by ops taken from the shared log, in
 * revision order: ops from the bus are applied when they are next, held back when they come early,
 * and missing ones are read from the log. Local edits are proposed against the copy's current
 * revision (see {@link #propose}); they come back through the log like everyone else's.
 *
 * <p>The copy is <em>live</em> once it has read the log and follows its epoch; only then may edits be
 * proposed. After Redis comes back it is not live until it has checked the log again, and seeds the
 * log from its own text when Redis lost the document.
 */
final class Replica {

    private static final Logger LOG = Logger.getLogger(Replica.class);

    /** Where applied ops and resets go. Both are called with the document locked, in revision order. */
    interface Sink {
        /** The op of a log entry. */
        TextOp parse(Entry entry);

        void applied(Entry entry, TextChange change);

        /** The copy jumped to a snapshot (it had missed too much, or Redis lost the document). */
        void reset(TextSnapshot snapshot);
    }

    private record Waiter(long rev, Runnable action) {
    }

    private final String name;
    private final TextDocument doc;
    private final TextLog log;
    private final Sink sink;
    /** Most early ops held back; more means the log must be read anyway. */
    private final int maxEarly;

    private String epoch = "";
    private boolean live;
    private boolean loadedOnce;
    /** Something of this document went to local clients: a jump must be told to them. */
    private boolean served;
    private boolean fetching;
    private boolean fetchAgain;
    private boolean fromSnapshot;
    private boolean seeding;
    /** Dropped from the node's replicas: does nothing any more; whoever holds it asks for the current one. */
    private boolean retired;
    private final TreeMap<Long, Entry> early = new TreeMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    /** This node's edits of the document, proposed one at a time (see {@link #takeTurn}). */
    private final java.util.ArrayDeque<Runnable> turns = new java.util.ArrayDeque<>();
    private boolean turnTaken;
    private List<CompletableFuture<Void>> catchUpsNow = new ArrayList<>();
    private List<CompletableFuture<Void>> catchUpsNext = new ArrayList<>();

    Replica(String name, TextDocument doc, TextLog log, Sink sink, int maxEarly) {
        this.name = name;
        this.doc = doc;
        this.log = log;
        this.sink = sink;
        this.maxEarly = maxEarly;
    }

    String name() {
        return name;
    }

    synchronized String epoch() {
        return epoch;
    }

    synchronized boolean live() {
        return live;
    }

    synchronized boolean loadedOnce() {
        return loadedOnce;
    }

    long rev() {
        return doc.snapshot().rev();
    }

    TextSnapshot snapshot() {
        return doc.snapshot();
    }

    /**
     * Sends the snapshot to {@code publish} in order with the ops this copy applies; false (nothing
     * sent) when the copy is retired.
     */
    synchronized boolean sendSnapshot(java.util.function.Consumer<TextSnapshot> publish) {
        if (retired) {
            return false;
        }
        served = true;
        doc.snapshot(publish);
        return true;
    }

    /** A proposal and the epoch of the revision it is based on. */
    record Proposed(TextDocument.Proposal proposal, String epoch) {
    }

    /**
     * Makes a proposal against the current revision (see {@link TextDocument#propose}); null while
     * the copy is not live. Refusals ({@code TextException}) pass through.
     */
    synchronized Proposed propose(Function<TextDocument, TextDocument.Proposal> proposal) {
        return live ? new Proposed(proposal.apply(doc), epoch) : null;
    }

    /** An op from the bus; false when this copy is retired and the op must go to the current one. */
    boolean offer(Entry entry) {
        List<Runnable> ready;
        synchronized (this) {
            if (retired) {
                return false;
            }
            long rev = rev();
            // A copy that never read the log takes whatever comes; the first read sorts it out.
            boolean sameEpoch = entry.epoch().equals(epoch) || (rev == 0 && epoch.isEmpty());
            if (entry.rev() <= rev && sameEpoch) {
                return true; // already read from the log
            }
            if (live && sameEpoch && entry.rev() == rev + 1 && (!epoch.isEmpty() || entry.rev() == 1)) {
                apply(entry);
                drainEarly();
            } else {
                if (sameEpoch && early.size() < maxEarly) {
                    early.put(entry.rev(), entry);
                }
                // A gap, or another epoch: the log knows what happened.
                if (live) {
                    if (!sameEpoch) {
                        live = false;
                    }
                    fetchLocked();
                }
            }
            ready = readyWaiters();
        }
        ready.forEach(Runnable::run);
        return true;
    }

    /** Reads what this copy is missing from the log (a no-op read when it has everything). */
    void fetch() {
        synchronized (this) {
            fetchLocked();
        }
    }

    /** After Redis came back or the epoch changed: no edits until the log was checked. */
    void resync() {
        synchronized (this) {
            live = false;
            fetchLocked();
        }
    }

    /** Completes once a read of the log that started after this call has been applied (or failed). */
    CompletionStage<Void> catchUp() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (retired) {
                return CompletableFuture.completedFuture(null);
            }
            catchUpsNext.add(done);
            fetchLocked();
        }
        return done;
    }

    /**
     * Runs {@code edit} when no other edit of this node is being proposed for the document; it must
     * call {@link #endTurn} when done. Edits of one node then never race each other for a revision,
     * only edits of different nodes do.
     */
    void takeTurn(Runnable edit) {
        synchronized (this) {
            if (turnTaken) {
                turns.add(edit);
                return;
            }
            turnTaken = true;
        }
        edit.run();
    }

    void endTurn() {
        Runnable next;
        synchronized (this) {
            next = turns.poll();
            if (next == null) {
                turnTaken = false;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    synchronized boolean retired() {
        return retired;
    }

    /**
     * Retires a copy that is of no use: live, of a document the log never had, nothing waiting or in
     * flight. Returns whether it did.
     */
    synchronized boolean retireIfUnused() {
        retired = live && rev() == 0 && epoch.isEmpty() && waiters.isEmpty() && early.isEmpty() && !fetching && !seeding
                && catchUpsNext.isEmpty() && catchUpsNow.isEmpty() && !turnTaken;
        return retired;
    }

    /**
     * Runs {@code action} once this copy is live and at revision {@code rev} or later (at once if it is,
     * or if the copy is retired: the action must check).
     */
    void whenAt(long rev, Runnable action) {
        boolean now;
        synchronized (this) {
            now = retired || live && rev() >= rev;
            if (!now) {
                waiters.add(new Waiter(rev, action));
            }
        }
        if (now) {
            action.run();
        }
    }

    private void fetchLocked() {
        if (retired) {
            return;
        }
        if (fetching || seeding) {
            fetchAgain = true;
            return;
        }
        fetching = true;
        fetchAgain = false;
        catchUpsNow.addAll(catchUpsNext);
        catchUpsNext = new ArrayList<>();
        long issuedRev = rev();
        String issuedEpoch = epoch;
        LOG.debugf("text: reading the log of '%s' after rev %d", name, fromSnapshot ? -1 : issuedRev);
        log.load(name, fromSnapshot ? -1 : issuedRev)
                .whenComplete((loaded, error) -> loaded(loaded, error, issuedRev, issuedEpoch));
    }

    private void loaded(Loaded loaded, Throwable error, long issuedRev, String issuedEpoch) {
        List<Runnable> ready = List.of();
        List<CompletableFuture<Void>> caught;
        synchronized (this) {
            fetching = false;
            caught = catchUpsNow;
            catchUpsNow = new ArrayList<>();
            if (error != null) {
                LOG.debugf("text: reading the log of '%s' failed: %s", name, error.getMessage());
            } else if (!retired && adopt(loaded, issuedRev, issuedEpoch)) {
                ready = readyWaiters();
            }
            if (fetchAgain && !seeding && error == null) {
                fetchLocked();
            }
        }
        caught.forEach(c -> c.complete(null));
        ready.forEach(Runnable::run);
    }

    /**
     * Applies what the log said. The answer is judged against what this copy had when it asked: ops
     * from the bus may have been applied since, and the answer may be older than them.
     *
     * @return false when a seed or another read must come first
     */
    private boolean adopt(Loaded loaded, long issuedRev, String issuedEpoch) {
        long mine = rev();
        boolean hadHistory = !issuedEpoch.isEmpty() || issuedRev > 0;
        boolean sameHistory = loaded.epoch().equals(issuedEpoch) || !hadHistory;
        // The log has less than this copy had when it asked: Redis lost the document.
        boolean lost = hadHistory && (loaded.epoch().isEmpty() || sameHistory && loaded.rev() < issuedRev);
        // Another node seeded the log with less than this copy has, and nobody edited it since.
        boolean smallerSeed = hadHistory && !sameHistory && loaded.seedState() && loaded.rev() < mine;
        if (!fromSnapshot && mine > 0 && (lost || smallerSeed)) {
            // Offer this copy as the new start rather than drop what was acknowledged here.
            seeding = true;
            live = false;
            TextSnapshot s = doc.snapshot();
            log.seed(name, s.rev(), s.text(), UUID.randomUUID().toString()).whenComplete(this::seeded);
            return false;
        }
        if (!sameHistory || lost) {
            if (loaded.snapshot() == null) {
                fromSnapshot = true; // another history: start over from its snapshot
                fetchAgain = true;
                live = false;
                return false;
            }
            jump(loaded.snapshot());
            epoch = loaded.epoch();
        } else if (loaded.snapshot() != null && loaded.snapshot().rev() > mine) {
            jump(loaded.snapshot()); // fell behind what the log still holds
        }
        if (epoch.isEmpty()) {
            epoch = loaded.epoch();
        }
        fromSnapshot = false;
        for (Entry e : loaded.entries()) {
            if (e.rev() == rev() + 1) {
                apply(e);
            }
        }
        live = true;
        loadedOnce = true;
        drainEarly();
        return true;
    }

    /** Replaces the copy with a snapshot, telling local clients when they may have seen something else. */
    private void jump(TextSnapshot s) {
        doc.snapshot(current -> {
            if (current.rev() == s.rev() && current.text().equals(s.text())) {
                return;
            }
            doc.restore(s.text(), s.rev());
            if (served) {
                sink.reset(s);
            }
        });
    }

    private void seeded(Seeded seeded, Throwable error) {
        synchronized (this) {
            seeding = false;
            if (error != null) {
                LOG.debugf("text: seeding the log of '%s' failed: %s", name, error.getMessage());
                return; // Redis is gone again; the next resync tries again
            }
            if (seeded.seeded()) {
                LOG.infof("text: the shared log had lost '%s'; seeded it from this node at rev %d", name, seeded.rev());
                epoch = seeded.epoch();
            } else {
                // Someone else's copy got there first: follow it.
                fromSnapshot = true;
            }
            fetchLocked();
        }
    }

    private void apply(Entry entry) {
        LOG.debugf("text: applying rev %d of '%s' (%s)", entry.rev(), name, entry.opId());
        TextOp op = sink.parse(entry);
        served = true;
        doc.applyLogged(entry.rev(), op, change -> sink.applied(entry, change));
        if (epoch.isEmpty()) {
            epoch = entry.epoch();
        }
    }

    private void drainEarly() {
        if (!live) {
            return;
        }
        while (!early.isEmpty()) {
            Entry e = early.firstEntry().getValue();
            boolean fits = e.epoch().equals(epoch) || (epoch.isEmpty() && rev() == 0);
            if (e.rev() <= rev() || !fits) {
                early.pollFirstEntry(); // old, or of a history this copy does not follow
            } else if (e.rev() == rev() + 1) {
                early.pollFirstEntry();
                apply(e);
            } else {
                fetchLocked(); // still a gap
                return;
            }
        }
    }

    private List<Runnable> readyWaiters() {
        if (!live || waiters.isEmpty()) {
            return List.of();
        }
        long rev = rev();
        List<Runnable> ready = new ArrayList<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.rev() <= rev) {
                ready.add(w.action());
                it.remove();
            }
        }
        return ready;
    }
}
