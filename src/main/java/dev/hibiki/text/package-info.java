/**
 * The shared text: operations ({@link dev.hibiki.text.TextOp}), documents and their store, and the
 * {@link dev.hibiki.text.TextBackend} that decides where documents live. Persistence plugs in
 * through {@link dev.hibiki.text.TextJournal}.
 */
package dev.hibiki.text;
