package dev.hibiki.text.cluster;

import dev.hibiki.text.TextSnapshot;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The shared log of every document in cluster mode: the one place that decides which op becomes
 * which revision. {@link RedisTextLog} keeps it in Redis; tests may keep it in memory.
 *
 * <p>A document's history belongs to an <em>epoch</em>, a random id given when the history starts
 * (first op, or a node seeding the log from its copy after Redis lost its data). A revision number
 * names one text only within one epoch, so nodes compare epochs before trusting revisions.
 */
public interface TextLog {

    /** One op as the log holds it: the {@code text_op} frame as every node delivers it. */
    record Entry(long rev, String opId, String epoch, String frame) {
    }

    enum Outcome {
        /** The op became revision {@code rev}; every node hears of it on the bus. */
        APPENDED,
        /** The log is not at the proposed base (another op won, or another epoch): nothing written. */
        MOVED,
        /** The op would create one document more than {@code hibiki.text.max-documents}. */
        TOO_MANY_DOCUMENTS
    }

    /** What {@link #append} did, and the log's revision and epoch after it. */
    record Appended(Outcome outcome, long rev, String epoch) {
    }

    /**
     * The log's state for a node that has applied everything up to some revision: the head, a
     * snapshot when the asked revision cannot be continued from (trimmed, another epoch, or asked
     * for with a negative revision), and the entries after the snapshot or the asked revision.
     *
     * @param seedState the document was seeded and nobody edited it since (a higher seed may replace it)
     */
    record Loaded(long rev, String epoch, boolean seedState, TextSnapshot snapshot, List<Entry> entries) {
    }

    /** What {@link #seed} did. */
    record Seeded(boolean seeded, long rev, String epoch) {
    }

    /**
     * Appends one op iff the log is at {@code baseRev} in {@code epoch} (a missing document is at 0
     * in any epoch), and publishes it on the bus in the same step.
     *
     * @param frame    the encoded {@code text_op} frame with {@code rev = baseRev + 1}
     * @param newEpoch the epoch to start when this op creates the document
     * @param snapshot the text after this op, stored as the document's snapshot; null for none
     */
    CompletionStage<Appended> append(String doc, long baseRev, String epoch, String newEpoch, String opId,
            String frame, String snapshot);

    /** Reads the log after {@code fromRev}; a negative {@code fromRev} asks for the snapshot. */
    CompletionStage<Loaded> load(String doc, long fromRev);

    /**
     * Starts a new epoch at {@code rev} with {@code text} when the log has no such document, or only a
     * seed with a lower revision nobody edited since. Publishes a seed notice to every node.
     */
    CompletionStage<Seeded> seed(String doc, long rev, String text, String newEpoch);
}
