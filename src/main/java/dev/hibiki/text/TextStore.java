package dev.hibiki.text;

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

    public TextStore(TextConfig config) {
        this.config = config;
        this.names = Pattern.compile(config.namePattern());
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
        // computeIfAbsent keeps concurrent first writers on one document; the size check is not atomic
        // with the insertion, so the limit may be overshot by a few concurrent creators, never by more.
        if (docs.size() >= config.maxDocuments()) {
            throw new TextException(TextException.Kind.TOO_LARGE,
                    "there are already " + docs.size() + " documents, the limit is " + config.maxDocuments());
        }
        return docs.computeIfAbsent(doc, n -> new TextDocument(n, config.maxLength(), config.history()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
