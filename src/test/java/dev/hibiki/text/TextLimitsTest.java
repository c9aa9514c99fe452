package dev.hibiki.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hibiki.text limits, small enough to reach, through real connections. */
@QuarkusTest
@TestProfile(TextLimitsTest.SmallLimits.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TextLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "hibiki.text.max-length", "10",
                    "hibiki.text.max-op-components", "5",
                    "hibiki.text.max-op-insert", "8",
                    "hibiki.text.history", "2",
                    "hibiki.text.max-documents", "3");
        }
    }

    @TestHTTPResource("/ws")
    URI ws;

    private TextWsClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private TextWsClient connect() {
        client = TextWsClient.connect(URI.create(ws.toString().replaceFirst("^http", "ws")));
        client.nextAbout("main");
        return client;
    }

    private static JsonNode op(TextWsClient c, String doc, long rev, String opJson) {
        c.send("{\"type\":\"text_op\",\"doc\":\"" + doc + "\",\"rev\":" + rev + ",\"op\":" + opJson + "}");
        return c.nextAbout(doc);
    }

    @Test
    @Order(1)
    void limitsAnswerWithClearErrorsAndTheConnectionStays() {
        TextWsClient c = connect();
        assertEquals("text_ack", op(c, "main", 0, "[\"日本語\"]").get("type").asText());
        assertEquals("text_ack", op(c, "main", 1, "[3, \"😀\"]").get("type").asText());
        assertEquals("text_ack", op(c, "main", 2, "[\"a\", 5]").get("type").asText()); // rev 3, 6 units

        JsonNode tooOld = op(c, "main", 0, "[\"x\"]");
        assertEquals("conflict", tooOld.get("code").asText());
        assertTrue(tooOld.get("message").asText().contains("too old"));
        assertEquals("text_ack", op(c, "main", 1, "[\"b\", 3]").get("type").asText()); // oldest kept

        JsonNode tooLong = op(c, "main", 4, "[7, \"12345\"]");
        assertEquals("too_large", tooLong.get("code").asText());
        assertTrue(tooLong.get("message").asText().contains("limit is 10"));

        assertEquals("too_large", op(c, "main", 4, "[\"123456789\", 7]").get("code").asText());
        assertEquals("too_large", op(c, "main", 4, "[1, \"a\", 1, \"b\", 1, \"c\", 4]").get("code").asText());

        assertFalse(c.isClosed());
        c.send(TextWsClient.frame("text_get").put("doc", "main"));
        JsonNode text = c.nextAbout("main");
        assertEquals(4, text.get("rev").asLong());
        assertEquals("ba日本語😀", text.get("text").asText());
    }

    @Test
    @Order(2)
    void restAnswersLimitsWith413() {
        given().contentType(ContentType.JSON).body(Map.of("text", "0123456789"))
                .put("/api/text/{doc}", "rest-limit").then().statusCode(413)
                .body("error", equalTo("too_large")).body("message", containsString("8"));
        given().contentType(ContentType.JSON).body(Map.of("text", "あいうえお"))
                .put("/api/text/{doc}", "rest-limit").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("text", "x"))
                .put("/api/text/{doc}", "other-1").then().statusCode(200);
        // With "main" from the first test that makes 3 documents, the limit: one more is refused.
        given().contentType(ContentType.JSON).body(Map.of("text", "x"))
                .put("/api/text/{doc}", "other-2").then().statusCode(413)
                .body("message", containsString("documents"));
        given().get("/api/text/{doc}", "other-2").then().statusCode(200).body("rev", equalTo(0));
        given().contentType(ContentType.JSON).body(Map.of("text", "y"))
                .put("/api/text/{doc}", "other-1").then().statusCode(200).body("rev", equalTo(2));
    }
}
