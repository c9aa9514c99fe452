package dev.hibiki.text.cluster;

import dev.hibiki.text.TextChange;
import dev.hibiki.text.TextDocument;
import dev.hibiki.text.TextOp;
import dev.hibiki.text.TextSnapshot;
import dev.hibiki.text.cluster.TextLog.Entry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's copy of a shared document against the log's rules (MemoryTextLog): it applies the log's
 * ops in revision order whatever order the bus brings them in, fills gaps from the log, jumps to a
 * snapshot when it fell too far behind, and after the log lost the document seeds it from its copy.
 * The frames here are just the ops' JSON.
 */
class TextReplicaTest {

    private static final String DOC = "d";

    /** A node: its copy plus what it delivered to its clients. */
    private static final class Node implements Replica.Sink {
        final List<Long> delivered = new ArrayList<>();
        final List<TextSnapshot> resets = new ArrayList<>();
        final Replica replica;

        Node(MemoryTextLog log) {
            replica = new Replica(DOC, new TextDocument(DOC, 10_000, 20), log, this, 100);
        }

        @Override
        public TextOp parse(Entry entry) {
            try {
                return TextOp.fromJson(JSON.readTree(entry.frame()),
                        Integer.MAX_VALUE, Integer.MAX_VALUE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void applied(Entry entry, TextChange change) {
            delivered.add(change.rev());
        }

        @Override
        public void reset(TextSnapshot snapshot) {
            resets.add(snapshot);
        }

        String text() {
            return replica.snapshot().text();
        }

        /**
         * Proposes an append of {@code s} at the end and writes it to the log, as ClusterText does,
         * with a snapshot every 5 revisions.
         */
        TextLog.Appended type(MemoryTextLog log, String s) {
            Replica.Proposed p = replica.propose(d -> d.propose(d.snapshot().rev(),
                    new TextOp.Builder().retain(d.snapshot().text().length()).insert(s).build()));
            return log.append(DOC, p.proposal().baseRev(), p.epoch(), "epoch-" + s, "op-" + s,
                    json(p.proposal().op()), (p.proposal().baseRev() + 1) % 5 == 0 ? p.proposal().result() : null)
                    .toCompletableFuture().join();
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String json(TextOp op) {
        try {
            return JSON.writeValueAsString(op);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static MemoryTextLog logWith(String... inserts) {
        MemoryTextLog log = new MemoryTextLog(1000);
        Node writer = new Node(log);
        writer.replica.fetch();
        for (String s : inserts) {
            writer.type(log, s);
            writer.replica.offer(log.bus.get(log.bus.size() - 1));
        }
        return log;
    }

    @Test
    void appliesOpsInRevisionOrderWhateverOrderTheBusBringsThem() {
        MemoryTextLog log = logWith();
        Node reader = new Node(log);
        reader.replica.fetch();
        Node writer = new Node(log);
        writer.replica.fetch();
        for (String s : List.of("a", "b", "c")) {
            writer.type(log, s);
            writer.replica.offer(log.bus.get(log.bus.size() - 1));
        }
        int loads = log.loads;
        reader.replica.offer(log.bus.get(2));
        reader.replica.offer(log.bus.get(0));
        reader.replica.offer(log.bus.get(1));
        reader.replica.offer(log.bus.get(1)); // a duplicate changes nothing
        assertEquals(List.of(1L, 2L, 3L), reader.delivered);
        assertEquals("abc", reader.text());
        assertTrue(log.loads > loads, "a gap made it read the log");
    }

    @Test
    void fillsAGapTheBusLeftFromTheLog() {
        MemoryTextLog log = logWith("a", "b", "c", "d");
        Node reader = new Node(log);
        reader.replica.offer(log.bus.get(0)); // heard before its first read: held back
        reader.replica.fetch();
        assertEquals(List.of(1L, 2L, 3L, 4L), reader.delivered);
        assertEquals("abcd", reader.text());
        // Rev 5 is lost on the bus; rev 6 arrives and reveals the gap.
        Node writer = new Node(log);
        writer.replica.fetch();
        writer.type(log, "e");
        writer.replica.fetch();
        writer.type(log, "f");
        reader.replica.offer(log.bus.get(5));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), reader.delivered);
        assertEquals("abcdef", reader.text());
    }

    @Test
    void aLateJoinerStartsFromTheSnapshotWhenTheLogWasTrimmed() {
        MemoryTextLog log = new MemoryTextLog(3);
        Node writer = new Node(log);
        writer.replica.fetch();
        for (String s : List.of("1", "2", "3", "4", "5", "6")) {
            writer.type(log, s);
            writer.replica.offer(log.bus.get(log.bus.size() - 1));
        }
        Node late = new Node(log);
        late.replica.fetch();
        assertEquals("123456", late.text());
        assertEquals(6, late.replica.rev());
        assertTrue(late.resets.isEmpty(), "nothing was served yet, so nobody needs a reset");
        assertTrue(late.replica.live());
    }

    @Test
    void aCopyThatFellBehindTheTrimmedLogJumpsAndTellsItsClients() {
        MemoryTextLog log = new MemoryTextLog(2);
        Node writer = new Node(log);
        Node behind = new Node(log);
        writer.replica.fetch();
        behind.replica.fetch();
        writer.type(log, "a");
        writer.replica.offer(log.bus.get(0));
        behind.replica.offer(log.bus.get(0));
        for (String s : List.of("b", "c", "d", "e")) { // `behind` hears none of these
            writer.type(log, s);
            writer.replica.offer(log.bus.get(log.bus.size() - 1));
        }
        behind.replica.fetch();
        assertEquals("abcde", behind.text());
        assertEquals(1, behind.resets.size());
        assertEquals(new TextSnapshot(DOC, 5, "abcde"), behind.resets.get(0));
    }

    @Test
    void afterRedisLostTheDocumentTheCopyWithTheMostSeedsItAndTheOthersFollow() {
        MemoryTextLog log = logWith();
        Node a = new Node(log);
        Node b = new Node(log);
        a.replica.fetch();
        b.replica.fetch();
        for (String s : List.of("x", "y", "z")) {
            a.type(log, s);
            a.replica.offer(log.bus.get(log.bus.size() - 1));
        }
        b.replica.offer(log.bus.get(0)); // b missed y and z when Redis died
        log.wipe();

        b.replica.resync(); // b is back first and seeds what it has
        assertEquals("x", b.text());
        a.replica.resync(); // a has more, and nobody edited b's seed yet: a's copy replaces it
        assertEquals("xyz", a.text());
        assertTrue(a.replica.live());
        b.replica.resync(); // as on a's seed notice
        assertEquals("xyz", b.text());
        assertEquals(3, b.replica.rev());
        assertEquals(a.replica.epoch(), b.replica.epoch());

        // Editing goes on in the new epoch through either node.
        assertEquals(TextLog.Outcome.APPENDED, b.type(log, "!").outcome());
        a.replica.offer(log.bus.get(log.bus.size() - 1));
        b.replica.offer(log.bus.get(log.bus.size() - 1));
        assertEquals("xyz!", a.text());
        assertEquals("xyz!", b.text());
    }

    @Test
    void aSeedThatWasEditedIsNotReplacedAndTheOtherCopyFollowsIt() {
        MemoryTextLog log = logWith();
        Node a = new Node(log);
        Node b = new Node(log);
        a.replica.fetch();
        b.replica.fetch();
        a.type(log, "x");
        a.replica.offer(log.bus.get(0));
        b.replica.offer(log.bus.get(0));
        a.type(log, "y");
        a.replica.offer(log.bus.get(1)); // b missed it
        log.wipe();
        b.replica.resync();
        b.type(log, "B"); // the seed at rev 1 was edited: it is now the shared history
        b.replica.offer(log.bus.get(log.bus.size() - 1));
        String epoch = b.replica.epoch();

        a.replica.resync();
        assertEquals("xB", a.text(), "a follows the shared history; its unshared rev 2 is gone");
        assertEquals(epoch, a.replica.epoch());
        assertNotEquals(List.of(), a.resets);
    }

    @Test
    void editsAreNotProposedWhileTheCopyIsNotLive() {
        MemoryTextLog log = logWith("a");
        Node n = new Node(log);
        assertNull(n.replica.propose(d -> d.proposeReplace("zzz")), "never read the log");
        List<String> ran = new ArrayList<>();
        n.replica.whenAt(1, () -> ran.add("ran"));
        assertTrue(ran.isEmpty());
        n.replica.fetch();
        assertEquals(List.of("ran"), ran);
    }

    @Test
    void anAnswerOfTheLogOlderThanOpsFromTheBusChangesNothing() {
        MemoryTextLog log = logWith();
        Node reader = new Node(log);
        reader.replica.fetch(); // the document does not exist yet: live at rev 0
        log.holdAnswers = true;
        reader.replica.fetch(); // read now (nothing there), answered after the ops below
        Node writer = new Node(log);
        log.holdAnswers = false;
        writer.replica.fetch();
        for (String s : List.of("a", "b", "c")) {
            writer.type(log, s);
            writer.replica.offer(log.bus.get(log.bus.size() - 1));
            reader.replica.offer(log.bus.get(log.bus.size() - 1));
        }
        log.release();
        assertEquals("abc", reader.text());
        assertEquals(List.of(1L, 2L, 3L), reader.delivered, "nothing delivered twice");
        assertTrue(reader.resets.isEmpty(), "no jump back to an older text");
        assertTrue(reader.replica.live());
        assertEquals(writer.replica.epoch(), reader.replica.epoch());
    }

    @Test
    void aRetiredCopyTakesNoOpsAndAnswersNothing() {
        MemoryTextLog log = logWith();
        Node n = new Node(log);
        n.replica.fetch();
        assertTrue(n.replica.retireIfUnused(), "live and of a document the log never had");
        assertTrue(!n.replica.sendSnapshot(s -> { }), "a retired copy sends no snapshot");
        Node writer = new Node(log);
        writer.replica.fetch();
        writer.type(log, "a");
        assertTrue(!n.replica.offer(log.bus.get(0)), "the op goes to the current copy instead");
        assertTrue(n.delivered.isEmpty());

        MemoryTextLog written = logWith("x");
        Node used = new Node(written);
        used.replica.fetch();
        assertTrue(!used.replica.retireIfUnused(), "a copy of a written document stays");
    }
}
