package dev.hibiki.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text messages on /ws, through real WebSocket connections. */
@QuarkusTest
class TextProtocolTest {

    @TestHTTPResource("/ws")
    URI ws;

    private final List<TextWsClient> clients = new ArrayList<>();

    @AfterEach
    void closeAll() {
        clients.forEach(TextWsClient::close);
    }

    private TextWsClient rawConnect() {
        TextWsClient c = TextWsClient.connect(URI.create(ws.toString().replaceFirst("^http", "ws")));
        clients.add(c);
        return c;
    }

    /** Connects and waits for the main document, which the hub sends once the client is registered. */
    private TextWsClient connect() {
        TextWsClient c = rawConnect();
        c.nextAbout("main");
        return c;
    }

    private static String freshDoc() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode op(TextWsClient c, String doc, long rev, String opJson) {
        c.send("{\"type\":\"text_op\",\"doc\":\"" + doc + "\",\"rev\":" + rev + ",\"op\":" + opJson + "}");
        return c.nextAbout(doc);
    }

    @Test
    void everyConnectionStartsWithTheMainDocument() {
        TextWsClient c = rawConnect();
        JsonNode welcome = c.next(f -> true);
        assertEquals("welcome", welcome.get("type").asText());
        JsonNode text = c.next("text");
        assertEquals("main", text.get("doc").asText());
        assertTrue(text.get("rev").isIntegralNumber());
        assertTrue(text.get("text").isTextual());
    }

    @Test
    void textGetAnswersWithTheWholeDocument() {
        TextWsClient c = connect();
        String doc = freshDoc();
        c.send(TextWsClient.frame("text_get").put("doc", doc).put("id", 42));
        JsonNode text = c.nextAbout(doc);
        assertEquals("text", text.get("type").asText());
        assertEquals(42, text.get("re").asInt());
        assertEquals(0, text.get("rev").asLong());
        assertEquals("", text.get("text").asText());
    }

    @Test
    void anOpIsAckedToTheSenderAndSentToEveryoneElse() {
        TextWsClient alice = connect();
        TextWsClient bob = connect();
        String doc = freshDoc();

        alice.send("{\"type\":\"text_op\",\"id\":\"e1\",\"doc\":\"" + doc + "\",\"rev\":0,\"op\":[\"こんにちは😀\"]}");
        JsonNode ack = alice.nextAbout(doc);
        assertEquals("text_ack", ack.get("type").asText());
        assertEquals(1, ack.get("rev").asLong());
        assertEquals("e1", ack.get("re").asText());

        JsonNode seen = bob.nextAbout(doc);
        assertEquals("text_op", seen.get("type").asText());
        assertEquals(1, seen.get("rev").asLong());
        assertFalse(seen.has("re"), "fan-out frames carry no re");
        assertEquals("[\"こんにちは😀\"]", seen.get("op").toString());
        assertTrue(seen.get("from").hasNonNull("id"));
        assertTrue(seen.get("from").hasNonNull("name"));
        assertFalse("server".equals(seen.get("from").get("id").asText()));

        // The sender gets no copy of its own op: the next thing it hears about the doc is the text.
        alice.send(TextWsClient.frame("text_get").put("doc", doc));
        JsonNode text = alice.nextAbout(doc);
        assertEquals("text", text.get("type").asText());
        assertEquals("こんにちは😀", text.get("text").asText());
    }

    @Test
    void aLateOpIsTransformedBeforeOthersSeeIt() {
        TextWsClient alice = connect();
        TextWsClient bob = connect();
        String doc = freshDoc();
        op(alice, doc, 0, "[\"ab\"]");
        bob.nextAbout(doc);
        op(alice, doc, 1, "[\"X\", 2]");                // rev 2: "Xab"
        bob.nextAbout(doc);
        JsonNode ack = op(bob, doc, 1, "[2, \"日本\"]"); // made against rev 1 ("ab")
        assertEquals(3, ack.get("rev").asLong());
        JsonNode seen = alice.nextAbout(doc);
        assertEquals("[3,\"日本\"]", seen.get("op").toString());
        alice.send(TextWsClient.frame("text_get").put("doc", doc));
        assertEquals("Xab日本", alice.nextAbout(doc).get("text").asText());
    }

    @Test
    void textSetIsAnsweredLikeAnOp() {
        TextWsClient alice = connect();
        TextWsClient bob = connect();
        String doc = freshDoc();
        alice.send(TextWsClient.frame("text_set").put("doc", doc).put("text", "今日は良い天気😀"));
        assertEquals("text_ack", alice.nextAbout(doc).get("type").asText());
        bob.nextAbout(doc);
        alice.send(TextWsClient.frame("text_set").put("doc", doc).put("text", "今日は悪い天気😀"));
        JsonNode ack = alice.nextAbout(doc);
        assertEquals("text_ack", ack.get("type").asText());
        assertEquals(2, ack.get("rev").asLong());
        JsonNode seen = bob.nextAbout(doc);
        assertEquals("text_op", seen.get("type").asText());
        assertEquals("[3,\"悪\",-1,5]", seen.get("op").toString());
    }

    @Test
    void badOpsGetBadMessageAndTheConnectionStays() {
        TextWsClient c = connect();
        String doc = freshDoc();
        op(c, doc, 0, "[\"😀\"]");
        String[] bad = {
            "[5, \"x\"]",            // wrong length
            "[1, \"x\", 1]",         // cuts the emoji in half
            "[0]",                   // not a component
            "{\"insert\": \"x\"}",   // not an array
            "[\"\\ud800\", 2]",      // lone surrogate
            "[2147483647, 3]",       // longer than any string
        };
        for (String b : bad) {
            JsonNode e = op(c, doc, 1, b);
            assertEquals("error", e.get("type").asText(), b);
            assertEquals("bad_message", e.get("code").asText(), b);
            assertFalse(e.get("message").asText().isBlank());
        }
        c.send("{\"type\":\"text_op\",\"doc\":\"" + doc + "\",\"op\":[2,\"x\"]}");
        assertEquals("bad_message", c.next("error").get("code").asText());
        c.send("{\"type\":\"text_op\",\"doc\":\"" + doc + "\",\"rev\":7,\"op\":[2,\"x\"]}");
        assertEquals("bad_message", c.next("error").get("code").asText());
        c.send("{\"type\":\"text_get\",\"doc\":\"no/such name\"}");
        assertEquals("bad_message", c.next("error").get("code").asText());

        // Still connected, and the document is untouched.
        assertFalse(c.isClosed());
        c.send(TextWsClient.frame("text_get").put("doc", doc));
        JsonNode text = c.nextAbout(doc);
        assertEquals("😀", text.get("text").asText());
        assertEquals(1, text.get("rev").asLong());
    }
}
