package dev.hibiki.text;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.hub.Outbound;
import dev.hibiki.hub.Who;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The WebSocket frames of the shared text, in and out (docs/TEXT.md, docs/PROTOCOL.md). */
public final class TextMessages {

    private TextMessages() {
    }

    // Inbound frames keep their `id`: the answers are sent by TextService in revision order rather
    // than returned to the dispatcher, and still carry `re` like any direct reply.

    /** {@code text_get {doc}}: asks for a document; {@code doc} defaults to {@code main}. */
    @RegisterForReflection
    public record TextGet(String doc, JsonNode id) {
    }

    /** {@code text_op {doc, rev, op}}: an op made against revision {@code rev}. */
    @RegisterForReflection
    public record TextOpIn(String doc, Long rev, JsonNode op, JsonNode id) {
    }

    /** {@code text_set {doc, text}}: replace the whole text. */
    @RegisterForReflection
    public record TextSet(String doc, String text, JsonNode id) {
    }

    /** {@code text {doc, rev, text}}: a whole document. */
    @JsonTypeName("text")
    @RegisterForReflection
    public record Text(String doc, long rev, String text) implements Outbound {
        static Text of(TextSnapshot s) {
            return new Text(s.doc(), s.rev(), s.text());
        }
    }

    /** {@code text_ack {doc, rev}}: the sender's op became revision {@code rev}. */
    @JsonTypeName("text_ack")
    @RegisterForReflection
    public record TextAck(String doc, long rev) implements Outbound {
    }

    /** {@code text_op {doc, rev, op, from}}: someone else's op, already transformed. */
    @JsonTypeName("text_op")
    @RegisterForReflection
    public record TextOpOut(String doc, long rev, TextOp op, Who from) implements Outbound {
    }
}
