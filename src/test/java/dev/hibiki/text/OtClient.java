package dev.hibiki.text;

/**
 * The client side of the text protocol as docs/TEXT.md describes it: at most one op in flight
 * awaiting its ack, local edits made meanwhile composed into one buffered op, and every incoming op
 * transformed against both before it is applied locally.
 */
final class OtClient {

    /** How the client sends {@code text_op {doc, rev, op}}. */
    interface Sender {
        void send(long rev, TextOp op);
    }

    private final Sender sender;
    private long rev;
    private String text;
    private TextOp inflight;
    private TextOp buffer;
    /** Remote ops that arrived while this client had an op in flight: the cases OT exists for. */
    private int concurrent;

    OtClient(long rev, String text, Sender sender) {
        this.rev = rev;
        this.text = text;
        this.sender = sender;
    }

    /** A local edit: shown at once, sent when nothing is in flight, buffered otherwise. */
    synchronized void edit(TextOp op) {
        text = op.apply(text);
        if (inflight == null) {
            inflight = op;
            sender.send(rev, op);
        } else {
            buffer = buffer == null ? op : buffer.compose(op);
        }
    }

    /** {@code text_ack {rev}}: the op in flight became revision {@code rev}. */
    synchronized void ack(long newRev) {
        if (inflight == null) {
            throw new IllegalStateException("ack without an op in flight");
        }
        if (newRev != rev + 1) {
            throw new IllegalStateException("ack of rev " + newRev + " arrived at rev " + rev);
        }
        rev = newRev;
        inflight = buffer;
        buffer = null;
        if (inflight != null) {
            sender.send(rev, inflight);
        }
    }

    /** {@code text_op {rev, op}} from someone else: transformed over what the server has not seen yet. */
    synchronized void remote(long newRev, TextOp op) {
        // docs/TEXT.md says a real client ignores old revisions and resyncs on a gap; these tests
        // never reset mid-run, so either one means the server broke its ordering guarantee.
        if (newRev != rev + 1) {
            throw new IllegalStateException("text_op of rev " + newRev + " arrived at rev " + rev);
        }
        if (inflight != null) {
            concurrent++;
            TextOp[] t = TextOp.transform(inflight, op);
            inflight = t[0];
            op = t[1];
            if (buffer != null) {
                t = TextOp.transform(buffer, op);
                buffer = t[0];
                op = t[1];
            }
        }
        text = op.apply(text);
        rev = newRev;
    }

    /** {@code text {rev, text}}: start over from the server's copy (after connect or a conflict). */
    synchronized void reset(long newRev, String newText) {
        rev = newRev;
        text = newText;
        inflight = null;
        buffer = null;
    }

    synchronized String text() {
        return text;
    }

    synchronized long rev() {
        return rev;
    }

    synchronized int concurrent() {
        return concurrent;
    }

    synchronized boolean idle() {
        return inflight == null && buffer == null;
    }
}
