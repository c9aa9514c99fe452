package dev.hibiki.text;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * One shared text: its content, its revision and the last ops applied, so an op made against an
 * older revision can be transformed to fit. Revision 0 is the empty document; every accepted op adds
 * one. All methods are thread-safe.
 *
 * <p>The {@code publish} callback of {@link #submit} and {@link #replace} runs while the document is
 * locked, so whoever publishes changes (acks, broadcasts) does so in revision order. Clients depend
 * on that order: they must see every op before the ack of their own op that the server applied after it.
 */
public final class TextDocument {

    private final String name;
    private final int maxLength;
    /** Most bytes the text may take as a JSON string on the wire ({@link JsonSize}). */
    private final long maxBytes;
    private final int historySize;

    private String text = "";
    /** {@code JsonSize.of(text)}, kept with the text. */
    private long bytes;
    private long rev;
    /** Ops that produced revisions {@code rev - history.size() + 1 .. rev}, oldest first. */
    private final ArrayDeque<TextOp> history = new ArrayDeque<>();
    /** Persistence hook: told of every change before it is applied and published. */
    private final Recorder recorder;

    /** Receives each accepted change and the text it produces, before anyone is told of it. */
    @FunctionalInterface
    public interface Recorder {
        Recorder NONE = (change, text) -> {
        };

        /** Throwing refuses the change: the document stays as it was and nothing is published. */
        void applied(TextChange change, String text);
    }

    /**
     * @param maxLength   most UTF-16 units the document may hold
     * @param historySize how many recent ops are kept; an op based on an older revision is refused
     */
    public TextDocument(String name, int maxLength, int historySize) {
        this(name, maxLength, historySize, Recorder.NONE);
    }

    /** Persistence hook: a document whose changes go to {@code recorder} first. */
    public TextDocument(String name, int maxLength, int historySize, Recorder recorder) {
        this(name, maxLength, Long.MAX_VALUE, historySize, recorder);
    }

    /**
     * @param maxBytes most bytes the text may take as a JSON string (UTF-8, escapes included): what a
     *                 whole-document frame costs a connection's outbound buffer
     */
    public TextDocument(String name, int maxLength, long maxBytes, int historySize, Recorder recorder) {
        if (historySize < 1) {
            throw new IllegalArgumentException("historySize must be at least 1");
        }
        this.name = name;
        this.maxLength = maxLength;
        this.maxBytes = maxBytes;
        this.historySize = historySize;
        this.recorder = recorder;
    }

    /**
     * Persistence hook: the text and revision read at startup. No ops are known before {@code rev},
     * so an op based on an older revision is refused with CONFLICT and its client fetches the text.
     */
    public synchronized void restore(String text, long rev) {
        this.text = text;
        this.bytes = JsonSize.of(text);
        this.rev = rev;
        history.clear();
    }

    public String name() {
        return name;
    }

    public synchronized TextSnapshot snapshot() {
        return new TextSnapshot(name, rev, text);
    }

    /**
     * Hands the current snapshot to {@code publish} while locked, so a snapshot sent to a client
     * cannot overtake or be overtaken by the changes around it.
     */
    public synchronized TextSnapshot snapshot(Consumer<TextSnapshot> publish) {
        TextSnapshot s = snapshot();
        publish.accept(s);
        return s;
    }

    /** Oldest revision an op may still be based on. */
    public synchronized long oldestRev() {
        return rev - history.size();
    }

    /**
     * Accepts an op made against revision {@code baseRev}: transforms it over every op applied since,
     * applies it and hands the result to {@code publish} before unlocking.
     *
     * @throws TextException BAD_MESSAGE when the op does not fit, CONFLICT when {@code baseRev} is older
     *                       than the history, TOO_LARGE when the result exceeds the maximum length
     */
    public synchronized TextChange submit(long baseRev, TextOp op, Consumer<TextChange> publish) {
        return commit(rebase(baseRev, op), publish);
    }

    /**
     * An op made against {@code baseRev}, transformed over every op applied since: the op that has the
     * sender's effect on the current revision. Nothing changes.
     */
    private TextOp rebase(long baseRev, TextOp op) {
        if (baseRev > rev) {
            throw TextException.bad("rev " + baseRev + " is ahead of document '" + name + "' (rev " + rev + ")");
        }
        if (baseRev < 0) {
            throw TextException.bad("rev must not be negative");
        }
        long oldest = rev - history.size();
        if (baseRev < oldest) {
            throw new TextException(TextException.Kind.CONFLICT, "rev " + baseRev + " of document '" + name
                    + "' is too old (the server remembers revisions from " + oldest + "); fetch the text again");
        }
        TextOp transformed = op;
        Iterator<TextOp> it = history.iterator();
        for (long r = oldest + 1; it.hasNext(); r++) {
            TextOp applied = it.next();
            if (r > baseRev) {
                if (transformed.baseLength() != applied.baseLength()) {
                    throw TextException.bad("op is for a document of " + transformed.baseLength()
                            + " UTF-16 units, document '" + name + "' had " + applied.baseLength() + " at rev " + baseRev);
                }
                transformed = TextOp.transform(transformed, applied)[0];
            }
        }
        return transformed;
    }

    // Cluster mode (issue 6): a replica proposes changes to the shared log and applies only what
    // the log returns, in revision order. Local mode never calls these.

    /**
     * A change this document would accept now, without applying it: {@code op} is made against the
     * current revision {@code baseRev} and turns the text into {@code result}.
     */
    public record Proposal(long baseRev, TextOp op, String result) {
    }

    /** Like {@link #submit} without applying: the op rebased onto the current revision, checked. */
    public synchronized Proposal propose(long baseRev, TextOp op) {
        return proposal(rebase(baseRev, op));
    }

    /** Like {@link #replace(String, Consumer)} without applying. */
    public synchronized Proposal proposeReplace(String newText) {
        TextOp.checkWellFormed(newText);
        return proposal(TextDiff.between(text, newText));
    }

    /** Like {@link #replace(long, String, Consumer)} without applying. */
    public synchronized Proposal proposeReplace(long expectedRev, String newText) {
        checkRev(expectedRev);
        return proposeReplace(newText);
    }

    private Proposal proposal(TextOp op) {
        checkLength(op);
        String result = op.apply(text);
        checkBytes(JsonSize.of(result));
        return new Proposal(rev, op, result);
    }

    /**
     * Applies revision {@code newRev} taken from the shared log. The log already decided it, so only
     * its fit is checked, not the limits.
     *
     * @throws IllegalStateException when {@code newRev} is not the next revision
     */
    public synchronized TextChange applyLogged(long newRev, TextOp op, Consumer<TextChange> publish) {
        if (newRev != rev + 1) {
            throw new IllegalStateException("document '" + name + "' is at rev " + rev + ", cannot apply rev " + newRev);
        }
        String next = op.apply(text);
        return apply(op, next, JsonSize.of(next), publish);
    }

    /**
     * Replaces the whole text with the smallest op that keeps the common beginning and end, as if it
     * were an op made against the current revision.
     */
    public synchronized TextChange replace(String newText, Consumer<TextChange> publish) {
        TextOp.checkWellFormed(newText);
        return commit(TextDiff.between(text, newText), publish);
    }

    /**
     * Like {@link #replace(String, Consumer)}, but only when the document is still at {@code expectedRev}.
     *
     * @throws TextException CONFLICT when the document has moved on
     */
    public synchronized TextChange replace(long expectedRev, String newText, Consumer<TextChange> publish) {
        checkRev(expectedRev);
        return replace(newText, publish);
    }

    private void checkRev(long expectedRev) {
        if (expectedRev != rev) {
            throw new TextException(TextException.Kind.CONFLICT, "document '" + name + "' is at rev " + rev
                    + ", not " + expectedRev);
        }
    }

    private TextChange commit(TextOp op, Consumer<TextChange> publish) {
        checkLength(op);
        String next = op.apply(text);
        long nextBytes = JsonSize.of(next);
        checkBytes(nextBytes);
        return apply(op, next, nextBytes, publish);
    }

    /**
     * A limit in UTF-16 units does not bound the wire: 262,144 U+0001 are 1.5 MB of JSON, a frame
     * no client may queue. A change that would make the text larger than that on the wire is refused
     * to its author; one that shrinks a text already over it (kept from before the limit was
     * lowered) is allowed, so such a text can be repaired.
     */
    private void checkBytes(long nextBytes) {
        if (nextBytes > maxBytes && nextBytes > bytes) {
            throw new TextException(TextException.Kind.TOO_LARGE, "document '" + name + "' would take "
                    + nextBytes + " bytes as JSON, the limit is " + maxBytes + " (hibiki.text.max-bytes)");
        }
    }

    private void checkLength(TextOp op) {
        if (op.targetLength() > maxLength) {
            throw new TextException(TextException.Kind.TOO_LARGE, "document '" + name + "' would have "
                    + op.targetLength() + " UTF-16 units, the limit is " + maxLength);
        }
    }

    private TextChange apply(TextOp op, String next, long nextBytes, Consumer<TextChange> publish) {
        TextChange change = new TextChange(name, rev + 1, op);
        recorder.applied(change, next); // Persistence hook: written before the ack and the broadcast
        text = next;
        bytes = nextBytes;
        rev++;
        history.addLast(op);
        if (history.size() > historySize) {
            history.removeFirst();
        }
        publish.accept(change);
        return change;
    }
}
