package dev.hibiki.text.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The log as {@link ClusterText} and its replicas use it: a write that may create a document
 * (an append, a seed) first makes it one of the cluster's documents and subscribes its channel
 * ({@link Documents#beforeWrite}). The document's own scripts touch only its slot, so they cannot
 * count documents themselves.
 */
final class RegisteringTextLog implements TextLog {

    private final TextLog log;
    private final Documents documents;

    RegisteringTextLog(TextLog log, Documents documents) {
        this.log = log;
        this.documents = documents;
    }

    @Override
    public CompletionStage<Appended> append(String doc, long baseRev, String epoch, String newEpoch, String opId,
            String frame, String snapshot) {
        return documents.beforeWrite(doc, false).thenCompose(ok -> ok
                ? log.append(doc, baseRev, epoch, newEpoch, opId, frame, snapshot)
                : CompletableFuture.completedFuture(new Appended(Outcome.TOO_MANY_DOCUMENTS, 0, "")));
    }

    @Override
    public CompletionStage<Loaded> load(String doc, long fromRev) {
        return log.load(doc, fromRev);
    }

    @Override
    public CompletionStage<Seeded> seed(String doc, long rev, String text, String newEpoch) {
        return documents.beforeWrite(doc, true).thenCompose(ok -> log.seed(doc, rev, text, newEpoch));
    }
}
