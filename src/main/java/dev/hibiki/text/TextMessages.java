package dev.hibiki.text;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.Frames;
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

    /**
     * What a client asking for a document gets: the {@code text} frame, or, for a text larger on the
     * wire than {@code maxBytes} (kept from before {@code hibiki.text.max-bytes} was lowered, or written
     * by a node with a larger limit), an error saying where to read it. A frame that large could
     * exceed what the connection may queue, and close a client that did nothing wrong.
     */
    public static Outbound textOrRefusal(TextSnapshot s, long maxBytes) {
        long bytes = JsonSize.of(s.text());
        if (bytes <= maxBytes) {
            return Text.of(s);
        }
        return Frames.Error.of(ErrorCode.TOO_LARGE, "document '" + s.doc() + "' takes " + bytes
                + " bytes as JSON, more than a frame may carry (hibiki.text.max-bytes = " + maxBytes
                + "): read it with GET /api/text/" + s.doc() + ", or shrink it");
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
