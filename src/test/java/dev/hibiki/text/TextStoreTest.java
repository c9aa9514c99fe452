package dev.hibiki.text;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextStoreTest {

    /** The defaults of {@link TextConfig}, with room for two documents. */
    static TextConfig config(int maxDocuments) {
        return new TextConfig() {
            public int maxLength() {
                return 1_000_000;
            }

            public long maxBytes() {
                return 393_216;
            }

            public int maxOpComponents() {
                return 10_000;
            }

            public int maxOpInsert() {
                return 20;
            }

            public int history() {
                return 1000;
            }

            public int maxDocuments() {
                return maxDocuments;
            }

            public String namePattern() {
                return "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
            }
        };
    }

    private final TextStore store = new TextStore(config(2));

    @Test
    void readingAnUnknownDocumentGivesEmptyTextWithoutCreatingIt() {
        assertEquals(new TextSnapshot("notes", 0, ""), store.snapshot("notes"));
        assertEquals(0, store.documents());
    }

    @Test
    void documentsAreSeparate() {
        store.replace("a", "first", OptionalLong.empty(), c -> { });
        store.submit("b", 0, TextOp.of("二番目"), c -> { });
        assertEquals("first", store.snapshot("a").text());
        assertEquals("二番目", store.snapshot("b").text());
    }

    @Test
    void refusesBadNames() {
        for (String bad : new String[] {"", "-x", "a/b", "a b", "x".repeat(65), "日本"}) {
            TextException e = assertThrows(TextException.class, () -> store.snapshot(bad), bad);
            assertEquals(TextException.Kind.BAD_MESSAGE, e.kind());
        }
        assertThrows(TextException.class, () -> store.snapshot(null));
        store.snapshot("Main_2.v-1");
    }

    @Test
    void refusesMoreDocumentsThanTheLimit() {
        store.submit("a", 0, TextOp.of("x"), c -> { });
        store.submit("b", 0, TextOp.of("x"), c -> { });
        TextException e = assertThrows(TextException.class, () -> store.submit("c", 0, TextOp.of("x"), c -> { }));
        assertEquals(TextException.Kind.TOO_LARGE, e.kind());
        store.submit("a", 1, TextOp.of(1, "y"), c -> { }); // existing ones still work
    }

    @Test
    void refusesAReplacementLongerThanTheOpLimit() {
        TextException e = assertThrows(TextException.class,
                () -> store.replace("a", "x".repeat(21), OptionalLong.empty(), c -> { }));
        assertEquals(TextException.Kind.TOO_LARGE, e.kind());
    }
}
