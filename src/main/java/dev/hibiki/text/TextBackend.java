package dev.hibiki.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.hub.Client;

import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * Where the shared documents live and how their changes reach the connections: in this process
 * ({@link LocalText}, the default) or in a log shared by every node of a cluster
 * ({@code dev.hibiki.text.cluster.ClusterText}). Either way each connection sees one document's
 * changes in revision order and its own {@code text_ack} in place (docs/TEXT.md).
 *
 * <p>Refusals are {@link TextException}s, thrown at once or carried by the returned stage.
 */
public interface TextBackend {

    /** Sends {@code text {doc, rev, text}} to one client, in order with the document's changes. */
    void sendText(Client to, String doc, JsonNode re);

    /** An op from a WebSocket client made against {@code baseRev}; the author gets the ack with {@code re}. */
    CompletionStage<TextChange> submit(Client from, String doc, long baseRev, TextOp op, JsonNode re);

    /** {@code text_set} from a WebSocket client. */
    CompletionStage<TextChange> replace(Client from, String doc, String text, JsonNode re);

    /** A replacement through REST, only at {@code expectedRev} when given (CONFLICT otherwise). */
    CompletionStage<TextChange> replace(String doc, String text, OptionalLong expectedRev);

    /** The document as this node can best tell right now (REST reads). */
    CompletionStage<TextSnapshot> snapshot(String doc);
}
