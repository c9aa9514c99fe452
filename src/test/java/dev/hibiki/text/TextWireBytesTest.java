package dev.hibiki.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hibiki.hub.Frames;

/** The size of a document counted as it goes on the wire, and what happens at the limit. */
class TextWireBytesTest {

    private static final java.util.function.Consumer<TextChange> NOBODY = c -> {
    };

    @Test
    void jsonSizeIsWhatJacksonWrites() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (String s : new String[] { "", "plain", "\u0001\u001f", "\b\t\n\f\r", "\"\\/", "é日本😀", "\u007f\u2028",
                "a\ud800b" }) {
            String json = mapper.writeValueAsString(s);
            // The quotes are not the string's; a lone surrogate costs 3 bytes at most (UTF-8 writes '?').
            long written = json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length - 2;
            assertThat(JsonSize.of(s)).as(json).isGreaterThanOrEqualTo(written).isLessThanOrEqualTo(written + 2);
            if (!s.contains("\ud800")) {
                assertThat(JsonSize.of(s)).as(json).isEqualTo(written);
            }
        }
    }

    @Test
    void aChangeThatMakesTheTextTooLargeOnTheWireIsRefusedAndNothingChanges() {
        TextDocument d = new TextDocument("main", 1000, 60, 10, TextDocument.Recorder.NONE);
        d.submit(0, TextOp.of("\u0001".repeat(9)), NOBODY); // 54 bytes
        assertThatThrownBy(() -> d.submit(1, TextOp.of(9, "\u0001\u0001"), NOBODY)) // 66 bytes
                .isInstanceOfSatisfying(TextException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TextException.Kind.TOO_LARGE);
                    assertThat(e.getMessage()).contains("60 (hibiki.text.max-bytes)");
                });
        assertThatThrownBy(() -> d.proposeReplace("\u0001".repeat(11))).isInstanceOf(TextException.class);
        assertThat(d.snapshot().rev()).isEqualTo(1);
        d.submit(1, TextOp.of(9, "abcdef"), NOBODY); // 60 bytes: at the limit
        assertThat(d.snapshot().rev()).isEqualTo(2);
    }

    @Test
    void aTextKeptFromBeforeTheLimitCanShrinkButNotGrowAndIsNotSentAsOneFrame() {
        TextDocument d = new TextDocument("main", 1000, 60, 10, TextDocument.Recorder.NONE);
        d.restore("\u0001".repeat(20), 5); // 120 bytes, from a journal written under a larger limit
        assertThat(TextMessages.textOrRefusal(d.snapshot(), 60)).isInstanceOfSatisfying(Frames.Error.class,
                e -> assertThat(e.message()).contains("GET /api/text/main"));
        assertThatThrownBy(() -> d.submit(5, TextOp.of(20, "x"), NOBODY)).isInstanceOf(TextException.class);
        d.submit(5, TextOp.of(-5, 15), NOBODY); // 90 bytes: smaller, still over, allowed
        d.replace("fixed", NOBODY);
        assertThat(TextMessages.textOrRefusal(d.snapshot(), 60)).isInstanceOf(TextMessages.Text.class);
    }
}
