package dev.hibiki.text;

/**
 * A text operation or request that cannot be accepted. The engine stays free of the hub, so it
 * names its failures with {@link Kind}; the WebSocket and REST layers map each kind to the
 * hub's error code of the same name.
 */
public class TextException extends RuntimeException {

    /** Why the request failed; the names match {@code dev.hibiki.hub.ErrorCode}. */
    public enum Kind {
        /** The op is malformed or does not fit the document. */
        BAD_MESSAGE,
        /** The op is based on a revision the server no longer remembers, or a precondition failed. */
        CONFLICT,
        /** A size limit (document, op, number of documents) would be exceeded. */
        TOO_LARGE,
        /** The shared text cannot be reached (cluster mode while Redis is down); nothing changed. */
        INTERNAL
    }

    private final Kind kind;

    public TextException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static TextException bad(String message) {
        return new TextException(Kind.BAD_MESSAGE, message);
    }
}
