package dev.hibiki.text;

import java.util.List;

/**
 * Where applied text changes are recorded so that documents survive a restart (implemented by
 * {@code dev.hibiki.persist}; docs/PERSISTENCE.md). Owned by the text feature so that it never
 * depends on how or whether anything is stored.
 */
public interface TextJournal {

    /** The documents found at startup. */
    List<TextSnapshot> restoredTexts();

    /** Records an applied change; {@code text} is the document after it. Returns once written. */
    void textApplied(TextChange change, String text);
}
