package dev.hibiki.text.cluster;

import dev.hibiki.text.TextSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The shared log with the rules of RedisTextLog's scripts, in memory: what a replica may rely on.
 * Published entries go to {@link #bus}, which the test delivers (or loses, or reorders) itself.
 */
final class MemoryTextLog implements TextLog {

    private static final class Doc {
        long rev;
        String epoch = "";
        long snapRev;
        String snap = "";
        long seed = -1;
        final TreeMap<Long, Entry> entries = new TreeMap<>();
    }

    private final Map<String, Doc> docs = new HashMap<>();
    private final int keep;
    final List<Entry> bus = new ArrayList<>();
    int loads;
    /** When set, loads read the log at once (as Redis does) but answer only at {@link #release()}. */
    boolean holdAnswers;
    private final List<Runnable> held = new ArrayList<>();

    MemoryTextLog(int keep) {
        this.keep = keep;
    }

    /** Redis restarted without its data. */
    synchronized void wipe() {
        docs.clear();
    }

    @Override
    public synchronized CompletionStage<Appended> append(String doc, long baseRev, String epoch, String newEpoch,
            String opId, String frame, String snapshot) {
        Doc d = docs.get(doc);
        long rev = d == null ? 0 : d.rev;
        if (rev != baseRev || (d != null && !d.epoch.equals(epoch))) {
            return CompletableFuture.completedFuture(new Appended(Outcome.MOVED, rev, d == null ? "" : d.epoch));
        }
        if (d == null) {
            d = new Doc();
            d.epoch = newEpoch;
            docs.put(doc, d);
        }
        d.rev++;
        Entry e = new Entry(d.rev, opId, d.epoch, frame);
        d.entries.put(d.rev, e);
        while (d.entries.size() > keep) {
            d.entries.pollFirstEntry();
        }
        if (snapshot != null) {
            d.snapRev = d.rev;
            d.snap = snapshot;
        }
        bus.add(e);
        return CompletableFuture.completedFuture(new Appended(Outcome.APPENDED, d.rev, d.epoch));
    }

    /** Delivers the held answers, late: the bus may have brought newer ops meanwhile. */
    void release() {
        List<Runnable> now;
        synchronized (this) {
            now = List.copyOf(held);
            held.clear();
        }
        now.forEach(Runnable::run);
    }

    @Override
    public CompletionStage<Loaded> load(String doc, long fromRev) {
        Loaded answer = read(doc, fromRev);
        synchronized (this) {
            if (holdAnswers) {
                CompletableFuture<Loaded> later = new CompletableFuture<>();
                held.add(() -> later.complete(answer));
                return later;
            }
        }
        return CompletableFuture.completedFuture(answer);
    }

    private synchronized Loaded read(String doc, long fromRev) {
        loads++;
        Doc d = docs.getOrDefault(doc, new Doc());
        long oldest = d.entries.isEmpty() ? d.rev + 1 : d.entries.firstKey();
        boolean seedState = d.seed == d.rev;
        if (fromRev >= 0 && fromRev <= d.rev && fromRev + 1 >= oldest) {
            return new Loaded(d.rev, d.epoch, seedState, null, List.copyOf(d.entries.tailMap(fromRev + 1).values()));
        }
        return new Loaded(d.rev, d.epoch, seedState, new TextSnapshot(doc, d.snapRev, d.snap),
                List.copyOf(d.entries.tailMap(d.snapRev + 1).values()));
    }

    @Override
    public synchronized CompletionStage<Seeded> seed(String doc, long rev, String text, String newEpoch) {
        Doc d = docs.get(doc);
        if (d != null && !(d.seed == d.rev && d.rev < rev)) {
            return CompletableFuture.completedFuture(new Seeded(false, d.rev, d.epoch));
        }
        d = new Doc();
        d.rev = rev;
        d.epoch = newEpoch;
        d.snapRev = rev;
        d.snap = text;
        d.seed = rev;
        docs.put(doc, d);
        return CompletableFuture.completedFuture(new Seeded(true, rev, newEpoch));
    }
}
