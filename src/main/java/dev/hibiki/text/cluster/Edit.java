package dev.hibiki.text.cluster;

import dev.hibiki.text.TextDocument;
import dev.hibiki.text.TextOp;

/** What a client asked to change, re-proposed against newer revisions until the shared log takes it. */
interface Edit {

    /** The replica must have reached this revision before proposing. */
    long needs();

    /** The change against the document's current revision; throws {@code TextException} to refuse. */
    TextDocument.Proposal propose(TextDocument doc);

    /** Remembers what was proposed (an op is transformed further from there next time). */
    default void proposed(TextDocument.Proposal proposal) {
    }

    /** May the edit be proposed again when other edits got into the log first? */
    default boolean retries() {
        return true;
    }

    /** {@code text_op}: an op made against {@code base}. */
    final class Op implements Edit {
        private long base;
        private TextOp op;

        Op(long base, TextOp op) {
            this.base = base;
            this.op = op;
        }

        @Override
        public long needs() {
            return base;
        }

        @Override
        public TextDocument.Proposal propose(TextDocument doc) {
            return doc.propose(base, op);
        }

        @Override
        public void proposed(TextDocument.Proposal proposal) {
            base = proposal.baseRev();
            op = proposal.op();
        }
    }

    /** {@code text_set} or PUT: whatever the text is when the edit gets in, it becomes {@code text}. */
    record Replace(String text) implements Edit {
        @Override
        public long needs() {
            return 0;
        }

        @Override
        public TextDocument.Proposal propose(TextDocument doc) {
            return doc.proposeReplace(text);
        }
    }

    /** PUT with {@code If-Match}: only at exactly {@code rev}, never re-proposed. */
    record ReplaceAt(long rev, String text) implements Edit {
        @Override
        public long needs() {
            return rev;
        }

        @Override
        public TextDocument.Proposal propose(TextDocument doc) {
            return doc.proposeReplace(rev, text);
        }

        @Override
        public boolean retries() {
            return false;
        }
    }
}
