package dev.hibiki.text;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;


import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * All shared text documents by name. A document comes into being with its first change; reading a
 * name nobody wrote to yet gives the empty text at revision 0 without creating anything.
 */
@Singleton
public class TextStore {

    /** The document every client sees on connect. */
    public static final String DEFAULT_DOC = "main";

    private final TextConfig config;
    private final Pattern names;
    private final Map<String, TextDocument> docs = new ConcurrentHashMap<>();
    /** Orders "create a document" against "publish the empty snapshot of a missing one". */
    private final Object creation = new Object();

    /** Persistence hook: where documents record their changes. */
    private final TextDocument.Recorder recorder;

    public TextStore(TextConfig config) {
        this(config, TextDocument.Recorder.NONE);
    }

    /** Persistence hook: documents saved before are restored, new changes are recorded. */
    @Inject
    public TextStore(TextConfig config, TextJournal persistence) {
        this(config, persistence::textApplied);
        for (TextSnapshot saved : persistence.restoredTexts()) {
            TextDocument d = new TextDocument(saved.doc(), config.maxLength(), config.maxBytes(), config.history(), recorder);
            d.restore(saved.text(), saved.rev());
            docs.put(saved.doc(), d);
        }
    }

    private TextStore(TextConfig config, TextDocument.Recorder recorder) {
        this.config = config;
        this.names = Pattern.compile(config.namePattern());
        this.recorder = recorder;
    }

    public TextConfig config() {
        return config;
    }

    /** The document's current text; an unknown (but valid) name reads as empty at revision 0. */
    public TextSnapshot snapshot(String doc) {
        checkName(doc);
        TextDocument d = docs.get(doc);
        return d != null ? d.snapshot() : new TextSnapshot(doc, 0, "");
    }

    /**
     * Like {@link #snapshot(String)}, handing the snapshot to {@code publish} in order with the
     * document's changes (see {@link TextDocument#snapshot(Consumer)}).
     */
    public TextSnapshot snapshot(String doc, Consumer<TextSnapshot> publish) {
        checkName(doc);
        TextDocument d = docs.get(doc);
        if (d == null) {
            synchronized (creation) {
                d = docs.get(doc);
                if (d == null) {
                    // Nobody can create the document (and publish its revision 1) until this is out.
                    TextSnapshot empty = new TextSnapshot(doc, 0, "");
                    publish.accept(empty);
                    return empty;
                }
            }
        }
        return d.snapshot(publish);
    }

    /** See {@link TextDocument#submit}. */
    public TextChange submit(String doc, long baseRev, TextOp op, Consumer<TextChange> publish) {
        return document(doc).submit(baseRev, op, publish);
    }

    /**
     * Replaces the whole text, only if the document is at {@code expectedRev} when one is given.
     * See {@link TextDocument#replace(String, Consumer)}.
     */
    public TextChange replace(String doc, String text, OptionalLong expectedRev, Consumer<TextChange> publish) {
        if (text.length() > config.maxOpInsert()) {
            throw new TextException(TextException.Kind.TOO_LARGE,
                    "text has " + text.length() + " UTF-16 units, the limit is " + config.maxOpInsert());
        }
        TextDocument d = document(doc);
        return expectedRev.isPresent() ? d.replace(expectedRev.getAsLong(), text, publish) : d.replace(text, publish);
    }

    public int documents() {
        return docs.size();
    }

    /** Checks a document name against {@code hibiki.text.name-pattern}. */
    public void checkName(String doc) {
        if (doc == null || !names.matcher(doc).matches()) {
            throw TextException.bad("document name must match " + names.pattern() + ", got "
                    + (doc == null ? "nothing" : "'" + abbreviate(doc) + "'"));
        }
    }

    private TextDocument document(String doc) {
        checkName(doc);
        TextDocument d = docs.get(doc);
        if (d != null) {
            return d;
        }
        synchronized (creation) {
            d = docs.get(doc);
            if (d != null) {
                return d;
            }
            if (docs.size() >= config.maxDocuments()) {
                throw new TextException(TextException.Kind.TOO_LARGE,
                        "there are already " + docs.size() + " documents, the limit is " + config.maxDocuments());
            }
            d = new TextDocument(doc, config.maxLength(), config.maxBytes(), config.history(), recorder);
            docs.put(doc, d);
            return d;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
