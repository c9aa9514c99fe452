package dev.hibiki.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextDocumentTest {

    private static final java.util.function.Consumer<TextChange> NOBODY = c -> { };

    @Test
    void startsEmptyAndCountsRevisions() {
        TextDocument d = new TextDocument("main", 100, 10);
        assertEquals(new TextSnapshot("main", 0, ""), d.snapshot());
        TextChange c = d.submit(0, TextOp.of("こんにちは"), NOBODY);
        assertEquals(1, c.rev());
        assertEquals(new TextSnapshot("main", 1, "こんにちは"), d.snapshot());
    }

    @Test
    void transformsAnOpMadeAgainstAnOlderRevision() {
        TextDocument d = new TextDocument("main", 100, 10);
        d.submit(0, TextOp.of("hello world"), NOBODY);
        d.submit(1, TextOp.of(5, -6), NOBODY);            // someone deletes " world"
        TextChange late = d.submit(1, TextOp.of(11, "!"), NOBODY); // made before seeing the delete
        assertEquals(TextOp.of(5, "!"), late.op());
        assertEquals("hello!", d.snapshot().text());
    }

    @Test
    void publishesInsideTheLockInRevisionOrder() throws Exception {
        TextDocument d = new TextDocument("main", 100_000, 1000);
        List<Long> seen = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch done = new CountDownLatch(400);
        for (int i = 0; i < 400; i++) {
            pool.submit(() -> {
                try {
                    // Every op is based on revision 0, so each is transformed over all earlier ones.
                    d.submit(0, TextOp.of("x"), c -> seen.add(c.rev())); // a plain list on purpose
                } finally {
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        pool.shutdown();
        assertEquals(400, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i));
        }
        assertEquals("x".repeat(400), d.snapshot().text());
    }

    @Test
    void refusesARevisionOlderThanTheHistoryWithConflict() {
        TextDocument d = new TextDocument("main", 100, 3);
        for (int i = 0; i < 5; i++) {
            d.submit(i, new TextOp.Builder().retain(i).insert("a").build(), NOBODY);
        }
        assertEquals(2, d.oldestRev());
        TextException e = assertThrows(TextException.class, () -> d.submit(1, TextOp.of(1, "b"), NOBODY));
        assertEquals(TextException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("too old"), e.getMessage());
        d.submit(2, TextOp.of(2, "b"), NOBODY); // the oldest remembered revision still works
    }

    @Test
    void refusesARevisionFromTheFuture() {
        TextDocument d = new TextDocument("main", 100, 3);
        TextException e = assertThrows(TextException.class, () -> d.submit(1, TextOp.of("a"), NOBODY));
        assertEquals(TextException.Kind.BAD_MESSAGE, e.kind());
        assertThrows(TextException.class, () -> d.submit(-1, TextOp.of("a"), NOBODY));
    }

    @Test
    void anOpThatDoesNotFitChangesNothing() {
        TextDocument d = new TextDocument("main", 100, 3);
        d.submit(0, TextOp.of("abc"), NOBODY);
        assertThrows(TextException.class, () -> d.submit(1, TextOp.of(5, "x"), NOBODY));
        assertThrows(TextException.class, () -> d.submit(0, TextOp.of(2, "x"), NOBODY));
        assertEquals(new TextSnapshot("main", 1, "abc"), d.snapshot());
    }

    @Test
    void enforcesTheMaximumLength() {
        TextDocument d = new TextDocument("main", 5, 3);
        d.submit(0, TextOp.of("12345"), NOBODY);
        TextException e = assertThrows(TextException.class, () -> d.submit(1, TextOp.of(5, "6"), NOBODY));
        assertEquals(TextException.Kind.TOO_LARGE, e.kind());
        assertThrows(TextException.class, () -> d.replace("日本語日本語", NOBODY));
        assertEquals("12345", d.snapshot().text());
        d.replace("日本語😀", NOBODY); // exactly 5 units
    }

    @Test
    void replaceSendsOnlyTheChangedMiddle() {
        TextDocument d = new TextDocument("main", 100, 3);
        d.replace("今日は良い天気", NOBODY);
        TextChange c = d.replace("今日は悪い天気", NOBODY);
        assertEquals(TextOp.of(3, "悪", -1, 3), c.op());
        assertEquals(2, c.rev());
    }

    @Test
    void replaceOnlyAtTheExpectedRevision() {
        TextDocument d = new TextDocument("main", 100, 3);
        d.replace(0, "a", NOBODY);
        TextException e = assertThrows(TextException.class, () -> d.replace(0, "b", NOBODY));
        assertEquals(TextException.Kind.CONFLICT, e.kind());
        assertEquals("a", d.snapshot().text());
    }

    @Test
    void replaceNeverCutsASurrogatePair() {
        Random r = new Random(3);
        for (int i = 0; i < 5_000; i++) {
            String from = RandomText.text(r, 6);
            String to = RandomText.text(r, 6);
            TextOp op = TextDiff.between(from, to);
            assertEquals(to, op.apply(from), () -> from + " -> " + to);
        }
        assertEquals(TextOp.of(-2, "😁"), TextDiff.between("😀", "😁"));
        assertEquals(TextOp.of(2, "👍", 2), TextDiff.between("😀😀", "😀👍😀"));
    }

    @Test
    void replaceRejectsLoneSurrogates() {
        TextDocument d = new TextDocument("main", 100, 3);
        assertThrows(TextException.class, () -> d.replace("a\uD83D", NOBODY));
    }

    /**
     * Clients with the standard client algorithm edit concurrently over a simulated network where
     * messages wait in queues for a random time; everyone must end with the server's text, and
     * every marker whose op the server acknowledged must be in it.
     */
    @Test
    void simulatedClientsConvergeWithEveryAcknowledgedMarker() {
        for (long seed = 1; seed <= 40; seed++) {
            simulate(new Random(seed), 2 + (int) (seed % 4), 300);
        }
    }

    private record Sent(int from, long rev, TextOp op) {
    }

    private void simulate(Random r, int clients, int steps) {
        TextDocument server = new TextDocument("main", 1_000_000, 10_000);
        List<ArrayDeque<Sent>> toServer = new ArrayList<>();
        List<ArrayDeque<Runnable>> toClient = new ArrayList<>();
        List<OtClient> all = new ArrayList<>();
        Set<String> acked = new HashSet<>();
        for (int i = 0; i < clients; i++) {
            int id = i;
            toServer.add(new ArrayDeque<>());
            toClient.add(new ArrayDeque<>());
            all.add(new OtClient(0, "", (rev, op) -> toServer.get(id).add(new Sent(id, rev, op))));
        }
        int markers = 0;
        for (int step = 0; step < steps || !quiet(toServer, toClient); step++) {
            int who = r.nextInt(clients);
            int what = r.nextInt(3);
            if (what == 0 && step < steps) {
                OtClient c = all.get(who);
                String marker = r.nextInt(4) == 0 ? MarkedEdits.marker("c" + who, markers++) : null;
                TextOp op = MarkedEdits.edit(r, c.text(), marker);
                c.edit(op);
            } else if (what == 1 && !toServer.get(who).isEmpty()) {
                Sent s = toServer.get(who).poll();
                server.submit(s.rev(), s.op(), change -> {
                    for (int i = 0; i < clients; i++) {
                        OtClient c = all.get(i);
                        if (i == s.from()) {
                            toClient.get(i).add(() -> c.ack(change.rev()));
                        } else {
                            toClient.get(i).add(() -> c.remote(change.rev(), change.op()));
                        }
                    }
                });
                // Markers sent with this op are now acknowledged (the ack is on its way).
                acked.addAll(MarkedEdits.markers(s.op().json().toString()));
            } else if (!toClient.get(who).isEmpty()) {
                toClient.get(who).poll().run();
            }
        }
        String text = server.snapshot().text();
        for (OtClient c : all) {
            assertEquals(text, c.text());
            assertEquals(server.snapshot().rev(), c.rev());
            assertTrue(c.idle());
        }
        assertTrue(all.stream().mapToInt(OtClient::concurrent).sum() > 0, "ops crossed in flight");
        List<String> present = MarkedEdits.markers(text);
        assertEquals(markers, acked.size(), "every marker was sent and acknowledged in the end");
        assertEquals(acked, new HashSet<>(present));
        assertEquals(present.size(), new HashSet<>(present).size(), "no marker twice");
    }

    private static boolean quiet(List<ArrayDeque<Sent>> toServer, List<ArrayDeque<Runnable>> toClient) {
        return toServer.stream().allMatch(ArrayDeque::isEmpty) && toClient.stream().allMatch(ArrayDeque::isEmpty);
    }
}
