package dev.hibiki.text;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the shared text documents ({@code hibiki.text.*}); documented in docs/CONFIGURATION.md. */
@ConfigMapping(prefix = "hibiki.text")
public interface TextConfig {

    /** Most UTF-16 units one document may hold. */
    @WithDefault("262144")
    int maxLength();

    /**
     * Most bytes one document may take as a JSON string on the wire (UTF-8, with JSON's escapes:
     * U+0001 takes six). This, not the length, is what a whole-document {@code text} frame costs a
     * connection's outbound buffer; with the request's {@code id} it must fit in half of
     * {@code hibiki.limits.max-outbound-bytes} ({@link TextBudget}). 384 KiB holds 262,144 ASCII
     * characters, or 131,072 Japanese ones.
     */
    @WithDefault("393216")
    long maxBytes();

    /** Most components (retains, inserts, deletes) one op may have. */
    @WithDefault("10000")
    int maxOpComponents();

    /**
     * Most UTF-16 units one op may insert, and the longest text a {@code text_set} or {@code PUT}
     * may send. (Over /ws the frame size limit, 64 KiB by default, usually bites first.)
     */
    @WithDefault("262144")
    int maxOpInsert();

    /**
     * How many recent ops each document keeps for transforming late ops. A client whose op is based
     * on an older revision gets {@code conflict} and must fetch the text again.
     */
    @WithDefault("1000")
    int history();

    /** Most documents kept in memory; creating one more is refused with {@code too_large}. */
    @WithDefault("1000")
    int maxDocuments();

    /** What a document name may look like (it appears in URLs, so keep it URL-safe). */
    @WithDefault("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
    String namePattern();
}
