package dev.hibiki.socketio;

import java.util.List;

/** A namespace served here: its name, its vocabularies in order, and its dialect for hub frames. */
record Namespace(String name, List<Vocabulary> vocabularies, NamespaceDialect dialect) {
}
