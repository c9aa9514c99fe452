package dev.hibiki.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Editors typing into one document at the same time, each an {@link OtClient} on its own real
 * WebSocket, the way docs/TEXT.md tells a client to behave. It records which markers were
 * inserted and which were acknowledged, so a test can check that every acknowledged edit survives,
 * once, in the text every editor and the server end with. Shared by TextConvergenceTest (one node)
 * and TextClusterIT (editors spread over nodes).
 */
final class EditingSession {

    /** How the editors type: the seed of editor i is {@code seed + i}; one edit in {@code markerOneIn} inserts a marker. */
    record Typing(int editsPerEditor, long seed, int markerOneIn, String markerPrefix, int minPauseMicros,
            int pauseSpreadMicros, Duration timeout) {
    }

    private final String doc;
    /** Revisions the document had before the editors joined (made by others). */
    private final long revsBefore;
    private final List<OtClient> editors = new ArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Set<String> inserted = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger acks = new AtomicInteger();

    EditingSession(String doc) {
        this(doc, 0);
    }

    /** A session on a document that already has {@code revsBefore} revisions. */
    EditingSession(String doc, long revsBefore) {
        this.doc = doc;
        this.revsBefore = revsBefore;
    }

    /** Opens the document on {@code socket} and follows it with a new editor; unexpected frames are failures. */
    OtClient join(TextWsClient socket) {
        socket.send(TextWsClient.frame("text_get").put("doc", doc));
        JsonNode start = socket.next(f -> "error".equals(f.path("type").asText())
                || "text".equals(f.path("type").asText()) && doc.equals(f.path("doc").asText()));
        assertEquals("text", start.path("type").asText(), () -> "text_get answered " + start);
        // Markers of the op in flight; they count as acknowledged when its text_ack arrives.
        List<String> inFlight = new CopyOnWriteArrayList<>();
        OtClient editor = new OtClient(start.get("rev").asLong(), start.get("text").asText(), (rev, op) -> {
            inFlight.clear();
            inFlight.addAll(MarkedEdits.markers(op.json().toString()));
            socket.send(TextWsClient.frame("text_op").put("doc", doc).put("rev", rev)
                    .set("op", TextWsClient.JSON.valueToTree(op)));
        });
        socket.handle(f -> {
            if (!doc.equals(f.path("doc").asText()) && !"error".equals(f.path("type").asText())) {
                return;
            }
            try {
                switch (f.path("type").asText()) {
                    case "text_ack" -> {
                        // Read the markers before ack() sends the buffer and replaces them.
                        List<String> done = List.copyOf(inFlight);
                        editor.ack(f.get("rev").asLong());
                        acknowledged.addAll(done);
                        acks.incrementAndGet();
                    }
                    case "text_op" -> editor.remote(f.get("rev").asLong(),
                            TextOp.fromJson(f.get("op"), Integer.MAX_VALUE, Integer.MAX_VALUE));
                    default -> failures.add(new AssertionError("unexpected frame " + f));
                }
            } catch (RuntimeException | AssertionError e) {
                failures.add(e);
            }
        });
        editors.add(editor);
        return editor;
    }

    /** Every editor types at once, each on its own thread, until all are done. */
    void type(Typing typing) throws Exception {
        ExecutorService typists = Executors.newFixedThreadPool(editors.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < editors.size(); i++) {
                int id = i;
                OtClient editor = editors.get(i);
                running.add(typists.submit(() -> {
                    Random r = new Random(typing.seed() + id);
                    for (int n = 0; n < typing.editsPerEditor(); n++) {
                        String marker = r.nextInt(typing.markerOneIn()) == 0
                                ? MarkedEdits.marker(typing.markerPrefix() + id, n) : null;
                        synchronized (editor) { // the edit must be made against the text it applies to
                            editor.edit(MarkedEdits.edit(r, editor.text(), marker));
                        }
                        if (marker != null) {
                            inserted.add(marker);
                        }
                        // Typing pace: a few hundred microseconds to a few milliseconds between keys.
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(
                                typing.minPauseMicros() + r.nextInt(typing.pauseSpreadMicros())));
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get(typing.timeout().toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            typists.shutdown();
        }
    }

    /** True once something failed, or every editor has nothing in flight and all are at one revision. */
    boolean settled() {
        return !failures.isEmpty() || editors.stream().allMatch(OtClient::idle)
                && editors.stream().mapToLong(OtClient::rev).distinct().count() == 1;
    }

    void assertNoFailures() {
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
    }

    /**
     * The server's {@code text} at {@code rev} is what every editor has, it holds every inserted
     * marker exactly once, each was acknowledged, and each ack made one revision.
     */
    void assertConvergedOn(String text, long rev, int minMarkers) {
        for (OtClient editor : editors) {
            assertEquals(rev, editor.rev());
            assertEquals(text, editor.text());
        }
        List<String> present = MarkedEdits.markers(text);
        assertTrue(inserted.size() > minMarkers, "the test inserted markers: " + inserted.size());
        assertEquals(inserted, acknowledged, "every inserted marker was acknowledged");
        assertEquals(inserted, new HashSet<>(present), "every acknowledged marker is in the text");
        assertEquals(present.size(), inserted.size(), "no marker twice");
        assertEquals(rev - revsBefore, acks.get(), "one revision per acknowledged op");
        assertTrue(acks.get() > editors.size(), "ops were batched but many were sent: " + acks.get());
        assertTrue(concurrent() > 0, "some ops crossed an op in flight");
    }

    int editors() {
        return editors.size();
    }

    int acks() {
        return acks.get();
    }

    int markers() {
        return inserted.size();
    }

    /** Remote ops transformed against an op in flight, over all editors. */
    int concurrent() {
        return editors.stream().mapToInt(OtClient::concurrent).sum();
    }
}
