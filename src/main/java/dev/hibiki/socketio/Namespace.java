package dev.hibiki.socketio;

import java.util.List;

/**
 * A namespace served here: its name, its vocabularies in order, and its dialects for hub frames:
 * {@code dialect} for Engine.IO v4 sockets (with room event offsets when recovery is on),
 * {@code legacy} for Engine.IO v3 ones (never with offsets; the same dialect when recovery is off).
 */
record Namespace(String name, List<Vocabulary> vocabularies, NamespaceDialect dialect, NamespaceDialect legacy) {

    /** The dialect for a socket speaking Engine.IO {@code protocol}. */
    NamespaceDialect dialect(int protocol) {
        return protocol == 3 ? legacy : dialect;
    }
}
